using Campaign.Access;
using Campaign.Campaigns.IssuingStatements;
using Campaign.Confidentiality;
using Campaign.Defendants;
using Campaign.Defendants.DeliveringVerdicts;
using Campaign.Defendants.DroppingCharges;
using Campaign.Defendants.EscalatingCharges;
using Campaign.Defendants.FilingCharges;
using Campaign.Developments;
using Campaign.Infrastructure.Writing;
using FluentValidation;
using JasperFx.Events;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Campaign.Retracting;

/// <summary>
/// A development taken back because it was recorded in error. The retracted event stays in the
/// history; views drop the fact it stated.
/// </summary>
public sealed record DevelopmentRetracted(
    [property: Public] Guid StreamId,
    [property: Public] Guid CampaignId,
    [property: Public] Guid RetractedEventId,
    [property: Public] string RetractedEventType,
    [property: Internal] string Reason);

public sealed record RetractDevelopment(Guid EventId, string Reason, long? ExpectedVersion = null) : IVersionedCommand
{
    public sealed class Validator : AbstractValidator<RetractDevelopment>
    {
        public Validator()
        {
            RuleFor(c => c.EventId).NotEmpty();
            RuleFor(c => c.Reason).NotEmpty().MaximumLength(2000);
        }
    }
}

public static class RetractDevelopmentEndpoint
{
    public static IEnumerable<object> Decide(Guid streamId, RetractDevelopment command, IReadOnlyList<IEvent> history)
    {
        var target = history.FirstOrDefault(e => e.Id == command.EventId)
            ?? throw new InvalidReference("eventId", $"Stream {streamId} has no event {command.EventId}.");
        var campaignId = target.Data switch
        {
            IDefendantDevelopment development => development.CampaignId,
            StatementIssued statement => statement.CampaignId,
            _ => throw new InvalidReference("eventId", $"A {target.Data.GetType().Name} is not a development and cannot be retracted."),
        };

        var retracted = history.Select(e => e.Data).OfType<DevelopmentRetracted>().Select(r => r.RetractedEventId).ToHashSet();
        if (retracted.Contains(target.Id))
            throw new StateConflict($"Event {target.Id} is already retracted.");
        if (ChargeFiledBy(target.Data) is { } charge && history.Any(e =>
                e.Sequence > target.Sequence && !retracted.Contains(e.Id) && ChargesActedOnBy(e.Data).Contains(charge)))
            throw new StateConflict($"Later developments act on charge {charge}; retract them first.");

        return [new DevelopmentRetracted(streamId, campaignId, target.Id, target.Data.GetType().Name, command.Reason)];
    }

    private static Guid? ChargeFiledBy(object development) => development switch
    {
        ChargeFiled filed => filed.ChargeId,
        ChargeEscalated escalated => escalated.ChargeId,
        _ => null,
    };

    private static IEnumerable<Guid> ChargesActedOnBy(object development) => development switch
    {
        ChargeEscalated escalated => [escalated.ReplacedChargeId],
        ChargesDropped dropped => dropped.ChargeIds,
        VerdictDelivered verdict => verdict.ChargeIds,
        _ => [],
    };

    [WolverinePost("/api/streams/{streamId}/retractions", OperationId = "RetractDevelopment"), Authorize(Policy = Policies.Write)]
    public static async Task<WriteResult> Post(Guid streamId, RetractDevelopment command, Writes writes, CancellationToken ct)
    {
        var expected = writes.ExpectedVersion(command);
        var written = await writes.Once(command, async () =>
        {
            var history = await writes.Session.Events.FetchStreamAsync(streamId, token: ct);
            if (history.Count == 0) throw new NotFound("stream", streamId);
            writes.AppendAt(streamId, history[^1].Version, expected, () => Decide(streamId, command, history));
        }, ct);
        return written.Single();
    }
}
