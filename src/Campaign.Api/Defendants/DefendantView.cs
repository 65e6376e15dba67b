using Campaign.Confidentiality;
using Campaign.Defendants.ChangingCustody;
using Campaign.Defendants.DeliveringVerdicts;
using Campaign.Defendants.DroppingCharges;
using Campaign.Defendants.EscalatingCharges;
using Campaign.Defendants.FilingCharges;
using Campaign.Defendants.RecordingDetention;
using Campaign.Defendants.Registering;
using Campaign.Defendants.Releasing;
using Campaign.Defendants.SchedulingHearings;
using Campaign.Developments;
using Campaign.Retracting;
using JasperFx.Events;

namespace Campaign.Defendants;

public sealed record Detention(
    [property: Public] Guid EventId,
    [property: Public] DateOnly On,
    [property: Public] string Place,
    [property: Public] string? Authority);

public sealed record Verdict(
    [property: Public] Guid EventId,
    [property: Public] DateOnly On,
    [property: Public] VerdictOutcome Outcome,
    [property: Public] string? Sentence,
    [property: Public] string? Court,
    [property: Public] IReadOnlyList<Guid> ChargeIds);

/// <summary>Everything known about one defendant, kept up to date in the same transaction as each event (inline snapshot).</summary>
public sealed class DefendantView : DefendantSummary
{
    [Public] public long Version { get; set; }
    [Public] public Guid CampaignId { get; set; }
    [Confidential] public string? LegalName { get; set; }
    [Public] public List<Detention> Detentions { get; set; } = [];
    [Public] public List<Verdict> Verdicts { get; set; } = [];
    [Public] public List<TimelineEntry> Timeline { get; set; } = [];
    [Internal] public List<Retraction> Retractions { get; set; } = [];

    [Public] public DateOnly? LastDevelopmentOn => Timeline.Count == 0 ? null : Timeline.Max(t => t.OccurredOn);

    // Marten's source generator dispatches on these public signatures; the folding itself is in Fold.
    public static DefendantView Create(IEvent<DefendantRegistered> e) => Folded(new DefendantView(), e);
    public void Apply(IEvent<DetentionRecorded> e) => Fold(e);
    public void Apply(IEvent<ChargeFiled> e) => Fold(e);
    public void Apply(IEvent<ChargeEscalated> e) => Fold(e);
    public void Apply(IEvent<CustodyStatusChanged> e) => Fold(e);
    public void Apply(IEvent<HearingScheduled> e) => Fold(e);
    public void Apply(IEvent<VerdictDelivered> e) => Fold(e);
    public void Apply(IEvent<ChargesDropped> e) => Fold(e);
    public void Apply(IEvent<Released> e) => Fold(e);

    /// <remarks>A retraction on a campaign's own stream (of a statement) reaches here too: no view is kept for that stream.</remarks>
    public DefendantView? Apply(IEvent<DevelopmentRetracted> e)
    {
        if (e.Data.StreamId == e.Data.CampaignId) return null;
        Fold(e);
        return this;
    }

    public override void Fold(IEvent e)
    {
        base.Fold(e);
        Version = e.Version;
        switch (e.Data)
        {
            case DefendantRegistered registered:
                CampaignId = registered.CampaignId;
                LegalName = registered.LegalName;
                break;
            case DetentionRecorded detained:
                Detentions.InsertByDay(new(e.Id, detained.OccurredOn, detained.Place, detained.Authority), d => d.On);
                break;
            case VerdictDelivered verdict:
                Verdicts.InsertByDay(new(e.Id, verdict.OccurredOn, verdict.Outcome, verdict.Sentence, verdict.Court, verdict.ChargeIds),
                    v => v.On);
                break;
            case DevelopmentRetracted retracted:
                Retractions.Add(new(retracted.RetractedEventId, retracted.RetractedEventType, retracted.Reason, e.Timestamp, e.UserName));
                break;
        }
        if (e.Data is IDefendantDevelopment happened)
            Timeline.InsertByDay(happened.ToTimelineEntry(e, Id), t => t.OccurredOn);
    }

    protected override void Retract(Guid eventId)
    {
        base.Retract(eventId);
        Detentions.RemoveAll(d => d.EventId == eventId);
        Verdicts.RemoveAll(v => v.EventId == eventId);
        Timeline.RemoveAll(t => t.EventId == eventId);
    }
}
