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

namespace Campaign.Defendants.Releasing;

[PublicEvent("released.v1")]
public sealed record Released(
    [property: Public] Guid DefendantId,
    [property: Public] Guid CampaignId,
    [property: Public] string? Conditions,
    [property: Public] DateOnly OccurredOn,
    [property: Public] Source Source)
    : IDefendantDevelopment, IPublicEvent
{
    public CustodyStatus ResultingCustody() => Conditions is null ? CustodyStatus.Released : CustodyStatus.ReleasedWithConditions;

    public string Describe() => "Released" + (Conditions is null ? "" : $" on conditions: {Conditions}");

    public PublicContract ToContract() => new(PublicContract.Defendant(DefendantId),
        new ReleasedV1(DefendantId, CampaignId, Conditions, OccurredOn, PublicSource.From(Source)), OccurredOn);
}

/// <summary>Version 1 of what partners receive of it; change it only by adding a v2 beside it.</summary>
public sealed record ReleasedV1(Guid DefendantId, Guid CampaignId, string? Conditions, DateOnly OccurredOn, PublicSource Source);

/// <param name="Conditions">E.g. a travel ban or reporting duty; none for an unconditional release.</param>
public sealed record Release(DateOnly OccurredOn, string? Conditions, Source? Source, long? ExpectedVersion = null)
    : Command, IDefendantCommand
{
    [JsonIgnore] public Guid DefendantId { get; init; }

    public sealed class Validator : AbstractValidator<Release>
    {
        public Validator(TimeProvider clock)
        {
            Include(new DevelopmentValidator(clock));
            RuleFor(c => c.Conditions).MaximumLength(1000);
        }
    }
}

public static class ReleaseHandler
{
    public static Events Handle(Release command, [WriteModel] Defendant defendant)
    {
        if (defendant.CurrentCustody is null or CustodyStatus.Released)
            throw new StateConflict("The defendant is not held: there is no custody to release them from.");
        var conditions = string.IsNullOrWhiteSpace(command.Conditions) ? null : command.Conditions;
        return [new Released(defendant.Id, defendant.CampaignId, conditions, command.OccurredOn, command.Source!)];
    }
}

public static class ReleaseEndpoint
{
    [WolverinePost("/api/defendants/{id}/release", OperationId = "Release"), Authorize(Policy = Policies.Write)]
    public static Task<WriteResult> Post(Guid id, Release command, HttpCommands commands) =>
        commands.Send(command with { DefendantId = id });
}
