using System.Text.Json.Serialization;
using Campaign.Access;
using Campaign.Campaigns;
using Campaign.Confidentiality;
using Campaign.Infrastructure.Writing;
using Campaign.Partners.Contracts;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Wolverine.Http;
using Wolverine.Marten;

namespace Campaign.Defendants.Registering;

/// <summary>Opens a defendant's stream within a campaign.</summary>
[PublicEvent("defendant-registered.v1")]
public sealed record DefendantRegistered(
    [property: Public] Guid DefendantId,
    [property: Public] Guid CampaignId,
    [property: Public] string DisplayName,
    [property: Confidential] string? LegalName) : IDefendantEvent, IPublicEvent
{
    public PublicContract ToContract() => new(PublicContract.Defendant(DefendantId), new DefendantRegisteredV1(DefendantId, CampaignId, DisplayName));
}

/// <summary>Version 1 of what partners receive of it; change it only by adding a v2 beside it.</summary>
public sealed record DefendantRegisteredV1(Guid DefendantId, Guid CampaignId, string DisplayName);

/// <param name="DisplayName">The name the campaign uses in public; may be an alias.</param>
/// <param name="LegalName">The person's legal name, when known.</param>
public sealed record RegisterDefendant(string DisplayName, string? LegalName) : Command
{
    [JsonIgnore] public Guid CampaignId { get; init; }

    public sealed class Validator : AbstractValidator<RegisterDefendant>
    {
        public Validator()
        {
            RuleFor(c => c.DisplayName).NotEmpty().MaximumLength(200);
            RuleFor(c => c.LegalName).MaximumLength(300);
        }
    }
}

public static class RegisterDefendantHandler
{
    /// <remarks>The campaign is read, not locked: registering a defendant writes nothing to the campaign's stream.</remarks>
    public static IStartStream Handle(RegisterDefendant command, [WriteAggregate(nameof(RegisterDefendant.CampaignId))] CampaignState campaign)
    {
        var id = Guid.CreateVersion7();
        return MartenOps.StartStream<DefendantView>(id,
            new DefendantRegistered(id, campaign.Id, command.DisplayName.Trim(), command.LegalName?.Trim()));
    }
}

public static class RegisterDefendantEndpoint
{
    [WolverinePost("/api/campaigns/{id}/defendants", OperationId = "RegisterDefendant"), Authorize(Policy = Policies.Write)]
    public static Task<Created<WriteResult>> Post(Guid id, RegisterDefendant command, HttpCommands commands) =>
        commands.Create(command with { CampaignId = id }, "defendants");
}
