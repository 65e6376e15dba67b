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
using Campaign.Infrastructure.Reading;
using JasperFx.Events;
using Marten.Events.Aggregation;

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

/// <summary>
/// Everything known about one defendant. The document kept in the same transaction as each event holds the state of the
/// case; its timeline and retractions, which grow with every development, are folded from the events when it is read.
/// </summary>
[ReadFromEvents(nameof(Timeline), nameof(Retractions))]
public sealed class DefendantView : DefendantSummary
{
    [Public] public long Version { get; set; }
    [Public] public Guid CampaignId { get; set; }
    [Confidential] public string? LegalName { get; set; }
    [Public] public List<Detention> Detentions { get; set; } = [];
    [Public] public List<Verdict> Verdicts { get; set; } = [];
    [Public] public List<TimelineEntry> Timeline { get; set; } = [];
    [Internal] public List<Retraction> Retractions { get; set; } = [];

    public static DefendantView From(IEvent<DefendantRegistered> e) => From([e])!;

    /// <summary>The whole view, history included, folded from the events of the defendant's stream; null before it is registered.</summary>
    public static DefendantView? From(IEnumerable<IEvent> events)
    {
        DefendantView? view = null;
        foreach (var e in events)
        {
            if (e.Data is DefendantRegistered) view = new DefendantView();
            view?.Fold(e);
        }
        return view;
    }

    /// <summary>Folds one event of the defendant's stream in: one line per event.</summary>
    public void Fold(IEvent e)
    {
        Version = e.Version;
        switch (e.Data)
        {
            case DefendantRegistered x: (Id, DisplayName, CampaignId, LegalName) = (x.DefendantId, x.DisplayName, x.CampaignId, x.LegalName); break;
            case DetentionRecorded x:
                Held(e.Id, x.Custody, x.OccurredOn, x.Place, null);
                Detentions.InsertByDay(new(e.Id, x.OccurredOn, x.Place, x.Authority), d => d.On);
                break;
            case CustodyStatusChanged x: Held(e.Id, x.Status, x.OccurredOn, x.Place, x.Conditions); break;
            case Released x: Held(e.Id, x.ResultingCustody(), x.OccurredOn, null, x.Conditions); break;
            case ChargeFiled x: Charged(e.Id, x.ChargeId, x.Charge, x.OccurredOn); break;
            case ChargeEscalated x: Charged(e.Id, x.ChargeId, x.Charge, x.OccurredOn, x.ReplacedChargeId, x.Reason); break;
            case ChargesDropped x: Dropped(e.Id, x); break;
            case VerdictDelivered x:
                Ruled(e.Id, x);
                Verdicts.InsertByDay(new(e.Id, x.OccurredOn, x.Outcome, x.Sentence, x.Court, x.ChargeIds), v => v.On);
                break;
            case HearingScheduled x: Summoned(e.Id, x); break;
            case DevelopmentRetracted x:
                Retract(x.RetractedEventId);
                Retractions.Add(new(x.RetractedEventId, x.RetractedEventType, x.Reason, e.Timestamp, e.UserName));
                break;
        }
        if (e.Data is IDefendantDevelopment happened)
            Timeline.InsertByDay(happened.ToTimelineEntry(e, Id), t => t.OccurredOn);
    }

    public override void Retract(Guid eventId)
    {
        base.Retract(eventId);
        Detentions.RemoveAll(d => d.EventId == eventId);
        Verdicts.RemoveAll(v => v.EventId == eventId);
        Timeline.RemoveAll(t => t.EventId == eventId);
    }
}

/// <summary>Keeps <see cref="DefendantView"/> in the same transaction as each event of a defendant's stream.</summary>
public sealed class DefendantViewProjection : SingleStreamProjection<DefendantView, Guid>
{
    public DefendantViewProjection()
    {
        IncludeType<IDefendantEvent>();
        IncludeType<DevelopmentRetracted>();
    }

    public override DefendantView? Evolve(DefendantView? view, Guid id, IEvent e)
    {
        if (e.Data is DefendantRegistered) view = new DefendantView();
        view?.Fold(e); // a retraction on a campaign's own stream (of a statement) keeps no defendant view
        return view;
    }
}
