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

namespace Campaign.Defendants.EscalatingCharges;

/// <summary>A charge replaced by a graver one, e.g. administrative hooliganism by Criminal Code Art. 174 after a diplomatic note.</summary>
[PublicEvent("charge-escalated.v1")]
public sealed record ChargeEscalated(
    [property: Public] Guid DefendantId,
    [property: Public] Guid CampaignId,
    [property: Public] Guid ReplacedChargeId,
    [property: Public] Guid ChargeId,
    [property: Public] ChargeDetails Charge,
    [property: Public] string Reason,
    [property: Public] DateOnly OccurredOn,
    [property: Public] Source Source)
    : IDefendantDevelopment, IPublicEvent
{
    public string Describe() => $"Charge escalated to {Charge.LegalBasis} ({Charge.Description}): {Reason}";

    public PublicContract ToContract() => new(PublicContract.Defendant(DefendantId), new ChargeEscalatedV1(DefendantId, CampaignId, ReplacedChargeId, ChargeId,
        PublicCharge.From(Charge), Reason, OccurredOn, PublicSource.From(Source)), OccurredOn);
}

/// <summary>Version 1 of what partners receive of it; change it only by adding a v2 beside it.</summary>
public sealed record ChargeEscalatedV1(
    Guid DefendantId, Guid CampaignId, Guid ReplacedChargeId, Guid ChargeId, PublicCharge Charge, string Reason, DateOnly OccurredOn,
    PublicSource Source);

public sealed record EscalateCharge(DateOnly OccurredOn, ChargeDetails? Charge, string Reason, Source? Source, long? ExpectedVersion = null)
    : Command, IDefendantCommand
{
    [JsonIgnore] public Guid DefendantId { get; init; }
    [JsonIgnore] public Guid ChargeId { get; init; }

    public sealed class Validator : AbstractValidator<EscalateCharge>
    {
        public Validator(TimeProvider clock)
        {
            Include(new DevelopmentValidator(clock));
            RuleFor(c => c.Charge).NotNull().SetValidator(new ChargeDetails.Validator()!);
            RuleFor(c => c.Reason).NotEmpty().MaximumLength(1000);
        }
    }
}

public static class EscalateChargeHandler
{
    public static Events Handle(EscalateCharge command, [WriteModel] Defendant defendant)
    {
        var replaced = defendant.PendingCharge(command.ChargeId, command.OccurredOn);
        return
        [
            new ChargeEscalated(defendant.Id, defendant.CampaignId, replaced.ChargeId, Guid.CreateVersion7(), command.Charge!,
                command.Reason, command.OccurredOn, command.Source!),
        ];
    }
}

public static class EscalateChargeEndpoint
{
    [WolverinePost("/api/defendants/{id}/charges/{chargeId}/escalations", OperationId = "EscalateCharge"), Authorize(Policy = Policies.Write)]
    public static Task<WriteResult> Post(Guid id, Guid chargeId, EscalateCharge command, HttpCommands commands) =>
        commands.Send(command with { DefendantId = id, ChargeId = chargeId });
}
