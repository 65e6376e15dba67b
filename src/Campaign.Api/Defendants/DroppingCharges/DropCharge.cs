using System.Text.Json.Serialization;
using Campaign.Access;
using Campaign.Confidentiality;
using Campaign.Developments;
using Campaign.Infrastructure.Writing;
using Campaign.Partners.Contracts;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;
using Wolverine.Marten;

namespace Campaign.Defendants.DroppingCharges;

[PublicEvent("charges-dropped.v1")]
public sealed record ChargesDropped(
    [property: Public] Guid DefendantId,
    [property: Public] Guid CampaignId,
    [property: Public] IReadOnlyList<Guid> ChargeIds,
    [property: Public] string? Reason,
    [property: Public] DateOnly OccurredOn,
    [property: Public] Source Source)
    : IDefendantDevelopment, IPublicEvent
{
    public string Describe() => "Charges dropped" + (Reason is null ? "" : $": {Reason}");

    public PublicContract ToContract() => new(PublicContract.Defendant(DefendantId),
        new ChargesDroppedV1(DefendantId, CampaignId, ChargeIds, Reason, OccurredOn, PublicSource.From(Source)), OccurredOn);
}

/// <summary>Version 1 of what partners receive of it; change it only by adding a v2 beside it.</summary>
public sealed record ChargesDroppedV1(
    Guid DefendantId, Guid CampaignId, IReadOnlyList<Guid> ChargeIds, string? Reason, DateOnly OccurredOn, PublicSource Source);

public sealed record DropCharge(DateOnly OccurredOn, string? Reason, Source? Source, long? ExpectedVersion = null)
    : Command, IDefendantCommand
{
    [JsonIgnore] public Guid DefendantId { get; init; }
    [JsonIgnore] public Guid ChargeId { get; init; }

    public sealed class Validator : AbstractValidator<DropCharge>
    {
        public Validator(TimeProvider clock)
        {
            Include(new DevelopmentValidator(clock));
            RuleFor(c => c.Reason).MaximumLength(1000);
        }
    }
}

public static class DropChargeHandler
{
    public static Events Handle(DropCharge command, [WriteModel] Defendant defendant)
    {
        var charge = defendant.PendingCharge(command.ChargeId, command.OccurredOn);
        return [new ChargesDropped(defendant.Id, defendant.CampaignId, [charge.ChargeId], command.Reason, command.OccurredOn, command.Source!)];
    }
}

public static class DropChargeEndpoint
{
    [WolverinePost("/api/defendants/{id}/charges/{chargeId}/dropped", OperationId = "DropCharge"), Authorize(Policy = Policies.Write)]
    public static Task<WriteResult> Post(Guid id, Guid chargeId, DropCharge command, HttpCommands commands) =>
        commands.Send(command with { DefendantId = id, ChargeId = chargeId });
}
