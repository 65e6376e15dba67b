using System.Text.Json.Serialization;
using Campaign.Access;
using Campaign.Campaigns;
using Campaign.Confidentiality;
using Campaign.Infrastructure.Writing;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;
using Wolverine.Marten;

namespace Campaign.Alerts.Settings;

/// <summary>
/// When a campaign's alerts are raised: each number of days ahead of a hearing and of the end of a custody term, and
/// how many days without a development make a case "gone quiet".
/// </summary>
public sealed record AlertSettings(
    [property: Public] IReadOnlyList<int> HearingDaysAhead,
    [property: Public] IReadOnlyList<int> TermDaysAhead,
    [property: Public] int QuietAfterDays)
{
    public static readonly AlertSettings Default = new([7, 1], [7, 1], 21);
}

/// <summary>A campaign's alert settings replaced; recorded on the campaign's stream, for staff only.</summary>
public sealed record AlertSettingsChanged([property: Public] Guid CampaignId, [property: Internal] AlertSettings Settings);

/// <param name="HearingDaysAhead">Days ahead of a hearing to alert, e.g. [7, 1]; none for no hearing alerts.</param>
/// <param name="TermDaysAhead">Days ahead of the end of a custody term to alert, e.g. [7, 1].</param>
/// <param name="QuietAfterDays">Days without a development after which a case has gone quiet.</param>
public sealed record ChangeAlertSettings(
    IReadOnlyList<int>? HearingDaysAhead, IReadOnlyList<int>? TermDaysAhead, int? QuietAfterDays, long? ExpectedVersion = null)
    : Command, IVersionedCommand
{
    [JsonIgnore] public Guid CampaignId { get; init; }

    public sealed class Validator : AbstractValidator<ChangeAlertSettings>
    {
        public Validator()
        {
            RuleFor(c => c.HearingDaysAhead).NotNull().Must(BeFewDistinctDays).WithMessage(DaysMessage);
            RuleFor(c => c.TermDaysAhead).NotNull().Must(BeFewDistinctDays).WithMessage(DaysMessage);
            RuleFor(c => c.QuietAfterDays).NotNull().InclusiveBetween(1, 365);
        }

        private const string DaysMessage = "'{PropertyName}' must list at most 5 different numbers of days, each from 1 to 90.";

        private static bool BeFewDistinctDays(IReadOnlyList<int>? days) =>
            days is null || days.Count <= 5 && days.Distinct().Count() == days.Count && days.All(d => d is >= 1 and <= 90);
    }
}

public static class ChangeAlertSettingsHandler
{
    public static Events Handle(ChangeAlertSettings command, [WriteModel(nameof(ChangeAlertSettings.CampaignId))] CampaignState campaign) =>
    [
        new AlertSettingsChanged(campaign.Id, new AlertSettings(
            [.. command.HearingDaysAhead!.OrderDescending()], [.. command.TermDaysAhead!.OrderDescending()], command.QuietAfterDays!.Value)),
    ];
}

public static class AlertSettingsEndpoints
{
    /// <summary>Replaces the campaign's alert settings; the checks pending for its defendants follow the new ones.</summary>
    [WolverinePost("/api/campaigns/{id}/alert-settings", OperationId = "ChangeAlertSettings"), Authorize(Policy = Policies.Write)]
    public static Task<WriteResult> Post(Guid id, ChangeAlertSettings command, HttpCommands commands) =>
        commands.Send(command with { CampaignId = id });

    [WolverineGet("/api/campaigns/{id}/alert-settings", OperationId = "GetAlertSettings"), Authorize(Policy = Policies.Write)]
    public static async Task<AlertSettings> Get(Guid id, IQuerySession session, CancellationToken ct) =>
        (await session.LoadAsync<CampaignState>(id, ct) ?? throw new NotFound("campaign", id)).Alerts;
}
