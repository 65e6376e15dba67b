using System.Text.Json.Serialization;
using Campaign.Access;
using Campaign.Defendants;
using Campaign.Defendants.ChangingCustody;
using Campaign.Defendants.EscalatingCharges;
using Campaign.Defendants.FilingCharges;
using Campaign.Defendants.RecordingDetention;
using Campaign.Defendants.SchedulingHearings;
using Campaign.Infrastructure.Writing;
using FluentValidation;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Campaign.Campaigns.RecordingDevelopments;

/// <summary>
/// One development that befell several defendants at once (the 19 were detained on the same day),
/// recorded for all of them in one transaction, or for none. Exactly one development is given.
/// </summary>
/// <param name="ReplacesLegalBasis">With an escalation: the legal basis of each defendant's pending charge it replaces.</param>
/// <param name="ExpectedVersions">Optionally, the version each defendant's stream is expected to be at.</param>
public sealed record RecordDevelopment(
    IReadOnlyList<Guid> DefendantIds,
    RecordDetention? Detention = null,
    FileCharge? Charge = null,
    EscalateCharge? Escalation = null,
    string? ReplacesLegalBasis = null,
    ChangeCustody? Custody = null,
    ScheduleHearing? Hearing = null,
    IReadOnlyDictionary<Guid, long>? ExpectedVersions = null)
    : Command, IBulkCommand
{
    [JsonIgnore] public Guid CampaignId { get; init; }

    private IVersionedCommand?[] Developments => [Detention, Charge, Escalation, Custody, Hearing];

    public sealed class Validator : AbstractValidator<RecordDevelopment>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(c => c.DefendantIds).NotEmpty()
                .Must(ids => ids.Distinct().Count() == ids.Count).WithMessage("'{PropertyName}' must not repeat a defendant.")
                .Must(ids => ids.Count <= 500).WithMessage("'{PropertyName}' may name at most 500 defendants.");
            RuleForEach(c => c.DefendantIds).NotEmpty();
            RuleFor(c => c.ExpectedVersions).Must((c, versions) => versions!.Keys.All(c.DefendantIds.Contains))
                .When(c => c.ExpectedVersions is not null && c.DefendantIds is not null)
                .WithMessage("'{PropertyName}' may only name defendants the development is for.");
            RuleFor(c => c).Must(c => c.Developments.Count(d => d is not null) == 1).OverridePropertyName("development")
                .WithMessage("Give exactly one of detention, charge, escalation, custody or hearing.");
            RuleFor(c => c).Must(c => c.Developments.All(d => d?.ExpectedVersion is null)).OverridePropertyName("expectedVersions")
                .WithMessage("Versions of the defendants' streams go in expectedVersions, by defendant id.");
            RuleFor(c => c.Detention).SetValidator(new RecordDetention.Validator(clock)!);
            RuleFor(c => c.Charge).SetValidator(new FileCharge.Validator(clock)!);
            RuleFor(c => c.Escalation).SetValidator(new EscalateCharge.Validator(clock)!);
            RuleFor(c => c.ReplacesLegalBasis).NotEmpty().When(c => c.Escalation is not null)
                .WithMessage("An escalation names the legal basis of the charge it replaces.");
            RuleFor(c => c.Custody).SetValidator(new ChangeCustody.Validator(clock)!);
            RuleFor(c => c.Hearing).SetValidator(new ScheduleHearing.Validator(clock)!);
        }
    }
}

/// <summary>The write models of the defendants a bulk development is for, read and locked for the write.</summary>
public sealed record BulkTarget(IReadOnlyDictionary<Guid, IEventStream<Defendant>> Defendants);

public static class RecordDevelopmentHandler
{
    /// <remarks>
    /// [WriteModel] reads one stream: the campaign and every defendant are read here instead, in one round trip whatever
    /// their number, locked in the order of their ids so that two bulk writes never each wait for the other.
    /// </remarks>
    public static async Task<BulkTarget> LoadAsync(RecordDevelopment command, IDocumentSession session, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var campaign = batch.Events.FetchLatest<CampaignState>(command.CampaignId);
        var defendants = command.DefendantIds.Order().Select(batch.Events.FetchForExclusiveWriting<Defendant>).ToList();
        InlineViews.ReadWith<Defendant>(session, batch, command.DefendantIds);
        await batch.Execute(ct);
        if (await campaign is null) throw new NotFound("campaign", command.CampaignId);
        return new BulkTarget((await Task.WhenAll(defendants)).ToDictionary(d => d.Id));
    }

    public static void Handle(RecordDevelopment command, BulkTarget target)
    {
        // Defendants tried together share one hearing.
        var shared = command.Hearing is { HearingId: null } hearing
            ? command with { Hearing = hearing with { HearingId = Guid.CreateVersion7() } }
            : command;
        for (var i = 0; i < command.DefendantIds.Count; i++)
        {
            var stream = target.Defendants[command.DefendantIds[i]];
            if (stream.Aggregate is not { } defendant || defendant.CampaignId != command.CampaignId)
                throw new InvalidReference($"defendantIds[{i}]", $"Campaign {command.CampaignId} has no defendant {stream.Id}.");
            if (command.ExpectedVersions?.TryGetValue(stream.Id, out var expected) == true && expected != defendant.Version)
                throw new VersionConflict(stream.Id, expected, defendant.Version);
            stream.AppendMany(Decide(shared, defendant));
        }
    }

    public static IEnumerable<object> Decide(RecordDevelopment command, Defendant defendant) => command switch
    {
        { Detention: { } detention } => RecordDetentionHandler.Handle(detention, defendant),
        { Charge: { } charge } => FileChargeHandler.Handle(charge, defendant),
        { Escalation: { } escalation } => EscalateChargeHandler.Handle(
            escalation with { ChargeId = ChargeUnder(command.ReplacesLegalBasis!, defendant) }, defendant),
        { Custody: { } custody } => ChangeCustodyHandler.Handle(custody, defendant),
        { Hearing: { } hearing } => ScheduleHearingHandler.Handle(hearing, defendant),
        _ => throw new InvalidOperationException("The validator lets exactly one development through."),
    };

    /// <summary>The one pending charge of the defendant under <paramref name="legalBasis"/> (trimmed, any case); else an error naming <paramref name="field"/>.</summary>
    internal static Guid ChargeUnder(string legalBasis, Defendant defendant, string field = "replacesLegalBasis")
    {
        var pending = defendant.PendingCharges
            .Where(c => string.Equals(c.LegalBasis.Trim(), legalBasis.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        return pending.Count == 1
            ? pending[0].ChargeId
            : throw new InvalidReference(field,
                $"Defendant {defendant.DisplayName} ({defendant.Id}) has {pending.Count} pending charges under {legalBasis}, not one.");
    }
}

public static class RecordDevelopmentEndpoint
{
    [WolverinePost("/api/campaigns/{id}/developments", OperationId = "RecordDevelopment"), Authorize(Policy = Policies.Write)]
    public static Task<BulkWriteResult> Post(Guid id, RecordDevelopment command, HttpCommands commands) =>
        commands.Send<BulkWriteResult>(command with { CampaignId = id });
}
