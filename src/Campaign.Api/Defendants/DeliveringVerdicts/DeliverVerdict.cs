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

namespace Campaign.Defendants.DeliveringVerdicts;

[PublicEvent("verdict-delivered.v1")]
public sealed record VerdictDelivered(
    [property: Public] Guid DefendantId,
    [property: Public] Guid CampaignId,
    [property: Public] IReadOnlyList<Guid> ChargeIds,
    [property: Public] VerdictOutcome Outcome,
    [property: Public] string? Sentence,
    [property: Public] string? Court,
    [property: Public] DateOnly OccurredOn,
    [property: Public] Source Source)
    : IDefendantDevelopment, IPublicEvent
{
    public string Describe() => $"Verdict: {Outcome}" + (Sentence is null ? "" : $", sentenced to {Sentence}");

    public PublicContract ToContract() => new(PublicContract.Defendant(DefendantId), new VerdictDeliveredV1(DefendantId, CampaignId, ChargeIds, Outcome,
        Sentence, Court, OccurredOn, PublicSource.From(Source)), OccurredOn);
}

/// <summary>Version 1 of what partners receive of it; change it only by adding a v2 beside it.</summary>
public sealed record VerdictDeliveredV1(
    Guid DefendantId, Guid CampaignId, IReadOnlyList<Guid> ChargeIds, VerdictOutcome Outcome, string? Sentence, string? Court,
    DateOnly OccurredOn, PublicSource Source);

/// <param name="ChargeIds">The charges ruled on; all pending charges when absent.</param>
public sealed record DeliverVerdict(
    DateOnly OccurredOn, VerdictOutcome? Outcome, string? Sentence, string? Court, Source? Source,
    IReadOnlyList<Guid>? ChargeIds = null, long? ExpectedVersion = null)
    : Command, IDefendantCommand
{
    [JsonIgnore] public Guid DefendantId { get; init; }

    public sealed class Validator : AbstractValidator<DeliverVerdict>
    {
        public Validator(TimeProvider clock)
        {
            Include(new DevelopmentValidator(clock));
            RuleFor(c => c.Outcome).NotNull().IsInEnum();
            RuleFor(c => c.Sentence).Empty().When(c => c.Outcome == VerdictOutcome.Acquitted)
                .WithMessage("An acquittal carries no sentence.");
            RuleFor(c => c.Sentence).MaximumLength(500);
            RuleFor(c => c.Court).MaximumLength(300);
            RuleFor(c => c.ChargeIds).Must(ids => ids!.Count > 0 && ids.Distinct().Count() == ids.Count)
                .When(c => c.ChargeIds is not null).WithMessage("'{PropertyName}' must name distinct charges.");
        }
    }
}

public static class DeliverVerdictHandler
{
    public static Events Handle(DeliverVerdict command, [WriteModel] Defendant defendant)
    {
        var charges = command.ChargeIds is { } ids
            ? ids.Select(id => defendant.PendingCharge(id, command.OccurredOn, "chargeIds")).ToList()
            : defendant.PendingCharges.ToList();
        if (charges.Count == 0)
            throw new StateConflict("The defendant has no pending charge to rule on.");

        return
        [
            new VerdictDelivered(defendant.Id, defendant.CampaignId, charges.Select(c => c.ChargeId).ToList(), command.Outcome!.Value,
                command.Sentence, command.Court, command.OccurredOn, command.Source!),
        ];
    }
}

public static class DeliverVerdictEndpoint
{
    [WolverinePost("/api/defendants/{id}/verdicts", OperationId = "DeliverVerdict"), Authorize(Policy = Policies.Write)]
    public static Task<WriteResult> Post(Guid id, DeliverVerdict command, HttpCommands commands) =>
        commands.Send(command with { DefendantId = id });
}
