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

namespace Campaign.Defendants.ExtendingCustodyTerms;

/// <summary>The current custody term prolonged, e.g. pre-trial detention extended by two months by the investigating court.</summary>
[PublicEvent("custody-term-extended.v1")]
public sealed record CustodyTermExtended(
    [property: Public] Guid DefendantId,
    [property: Public] Guid CampaignId,
    [property: Public] CustodyStatus Status,
    [property: Public] DateOnly PreviousTermEndsOn,
    [property: Public] DateOnly TermEndsOn,
    [property: Public] DateOnly OccurredOn,
    [property: Public] Source Source)
    : IDefendantDevelopment, IPublicEvent
{
    public string Describe() => $"{Status} extended until {TermEndsOn:yyyy-MM-dd} (was until {PreviousTermEndsOn:yyyy-MM-dd})";

    public PublicContract ToContract() => new(PublicContract.Defendant(DefendantId), new CustodyTermExtendedV1(DefendantId, CampaignId, Status,
        PreviousTermEndsOn, TermEndsOn, OccurredOn, PublicSource.From(Source)), OccurredOn);
}

/// <summary>Version 1 of what partners receive of it; change it only by adding a v2 beside it.</summary>
public sealed record CustodyTermExtendedV1(
    Guid DefendantId, Guid CampaignId, CustodyStatus Status, DateOnly PreviousTermEndsOn, DateOnly TermEndsOn, DateOnly OccurredOn,
    PublicSource Source);

/// <param name="TermEndsOn">The new last day of the term.</param>
public sealed record ExtendCustodyTerm(DateOnly OccurredOn, DateOnly? TermEndsOn, Source? Source, long? ExpectedVersion = null)
    : Command, IDefendantCommand
{
    [JsonIgnore] public Guid DefendantId { get; init; }

    public sealed class Validator : AbstractValidator<ExtendCustodyTerm>
    {
        public Validator(TimeProvider clock)
        {
            Include(new DevelopmentValidator(clock));
            RuleFor(c => c.TermEndsOn).NotNull();
            RuleFor(c => c.TermEndsOn).GreaterThanOrEqualTo(c => c.OccurredOn).When(c => c.TermEndsOn.HasValue)
                .WithMessage("A term cannot end before it was extended.");
        }
    }
}

public static class ExtendCustodyTermHandler
{
    public static Events Handle(ExtendCustodyTerm command, [WriteModel] Defendant defendant)
    {
        var term = defendant.Term ?? throw new StateConflict("The defendant's current custody has no term to extend.");
        if (command.TermEndsOn <= term.EndsOn)
            throw new InvalidReference("termEndsOn", $"The term already runs until {term.EndsOn:yyyy-MM-dd}: an extension ends later.");
        if (command.OccurredOn < term.OrderedOn)
            throw new InvalidReference("occurredOn", $"The term was only ordered on {term.OrderedOn:yyyy-MM-dd}.");
        return
        [
            new CustodyTermExtended(defendant.Id, defendant.CampaignId, defendant.CurrentCustody!.Value, term.EndsOn, command.TermEndsOn!.Value,
                command.OccurredOn, command.Source!),
        ];
    }
}

public static class ExtendCustodyTermEndpoint
{
    [WolverinePost("/api/defendants/{id}/custody/extensions", OperationId = "ExtendCustodyTerm"), Authorize(Policy = Policies.Write)]
    public static Task<WriteResult> Post(Guid id, ExtendCustodyTerm command, HttpCommands commands) =>
        commands.Send(command with { DefendantId = id });
}
