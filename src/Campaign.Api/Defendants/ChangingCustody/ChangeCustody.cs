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

namespace Campaign.Defendants.ChangingCustody;

/// <summary>
/// E.g. remanded in custody (pre-trial detention), placed under house arrest, taken to serve a sentence; a term ordered
/// with it (detention until a day) is the last day of that term, a deadline until it is extended or the custody ends.
/// </summary>
[PublicEvent("custody-status-changed.v1")]
public sealed record CustodyStatusChanged(
    [property: Public] Guid DefendantId,
    [property: Public] Guid CampaignId,
    [property: Public] CustodyStatus Status,
    [property: Public] string? Place,
    [property: Public] string? Conditions,
    [property: Public] DateOnly OccurredOn,
    [property: Public] Source Source,
    [property: Public] DateOnly? TermEndsOn = null)
    : IDefendantDevelopment, IPublicEvent
{
    public string Describe() => $"Custody changed to {Status}" + (Place is null ? "" : $" in {Place}")
        + (TermEndsOn is { } end ? $", until {end:yyyy-MM-dd}" : "");

    public PublicContract ToContract() => new(PublicContract.Defendant(DefendantId),
        new CustodyStatusChangedV1(DefendantId, CampaignId, Status, Place, Conditions, OccurredOn, PublicSource.From(Source), TermEndsOn), OccurredOn);
}

/// <summary>Version 1 of what partners receive of it; change it only by adding optional fields or a v2 beside it.</summary>
/// <param name="TermEndsOn">Added later (optional): the last day of the term ordered with it, when one was.</param>
public sealed record CustodyStatusChangedV1(
    Guid DefendantId, Guid CampaignId, CustodyStatus Status, string? Place, string? Conditions, DateOnly OccurredOn, PublicSource Source,
    DateOnly? TermEndsOn = null);

/// <param name="TermEndsOn">The last day of the term ordered with it, e.g. pre-trial detention until that day.</param>
public sealed record ChangeCustody(
    DateOnly OccurredOn, CustodyStatus? Status, string? Place, string? Conditions, Source? Source, long? ExpectedVersion = null,
    DateOnly? TermEndsOn = null)
    : Command, IDefendantCommand
{
    [JsonIgnore] public Guid DefendantId { get; init; }

    public sealed class Validator : AbstractValidator<ChangeCustody>
    {
        public Validator(TimeProvider clock)
        {
            Include(new DevelopmentValidator(clock));
            RuleFor(c => c.Status).NotNull().IsInEnum();
            RuleFor(c => c.Place).MaximumLength(300);
            RuleFor(c => c.Conditions).MaximumLength(1000);
            RuleFor(c => c.TermEndsOn).GreaterThanOrEqualTo(c => c.OccurredOn).When(c => c.TermEndsOn.HasValue)
                .WithMessage("A term cannot end before it was ordered.");
            RuleFor(c => c.TermEndsOn).Null().When(c => c.Status is CustodyStatus.Released or CustodyStatus.ReleasedWithConditions)
                .WithMessage("A release has no term.");
        }
    }
}

public static class ChangeCustodyHandler
{
    public static Events Handle(ChangeCustody command, [WriteModel] Defendant defendant) =>
    [
        new CustodyStatusChanged(defendant.Id, defendant.CampaignId, command.Status!.Value, command.Place, command.Conditions,
            command.OccurredOn, command.Source!, command.TermEndsOn),
    ];
}

public static class ChangeCustodyEndpoint
{
    [WolverinePost("/api/defendants/{id}/custody", OperationId = "ChangeCustody"), Authorize(Policy = Policies.Write)]
    public static Task<WriteResult> Post(Guid id, ChangeCustody command, HttpCommands commands) =>
        commands.Send(command with { DefendantId = id });
}
