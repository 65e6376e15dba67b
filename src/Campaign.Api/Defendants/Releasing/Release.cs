using Campaign.Access;
using Campaign.Confidentiality;
using Campaign.Developments;
using Campaign.Infrastructure.Writing;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Campaign.Defendants.Releasing;

public sealed record Released(
    [property: Public] Guid DefendantId,
    [property: Public] Guid CampaignId,
    [property: Public] string? Conditions,
    [property: Public] DateOnly OccurredOn,
    [property: Public] Source Source)
    : IDefendantDevelopment
{
    public CustodyStatus ResultingCustody() => Conditions is null ? CustodyStatus.Released : CustodyStatus.ReleasedWithConditions;

    public string Describe() => "Released" + (Conditions is null ? "" : $" on conditions: {Conditions}");
}

/// <param name="Conditions">E.g. a travel ban or reporting duty; none for an unconditional release.</param>
public sealed record Release(DateOnly OccurredOn, string? Conditions, Source? Source, long? ExpectedVersion = null)
    : IDefendantCommand
{
    public sealed class Validator : AbstractValidator<Release>
    {
        public Validator(TimeProvider clock)
        {
            Include(new DevelopmentValidator(clock));
            RuleFor(c => c.Conditions).MaximumLength(1000);
        }
    }
}

public static class ReleaseEndpoint
{
    public static IEnumerable<object> Decide(Release command, DefendantView defendant)
    {
        if (defendant.Custody?.Status is null or CustodyStatus.Released)
            throw new StateConflict("The defendant is not held: there is no custody to release them from.");
        var conditions = string.IsNullOrWhiteSpace(command.Conditions) ? null : command.Conditions;
        return [new Released(defendant.Id, defendant.CampaignId, conditions, command.OccurredOn, command.Source!)];
    }

    [WolverinePost("/api/defendants/{id}/release", OperationId = "Release"), Authorize(Policy = Policies.Write)]
    public static Task<WriteResult> Post(Guid id, Release command, DefendantStreams defendants, CancellationToken ct) =>
        defendants.Append(id, command, Decide, ct);
}
