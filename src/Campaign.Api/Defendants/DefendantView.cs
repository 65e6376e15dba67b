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
using Campaign.Evidence;
using Campaign.Evidence.Attaching;
using Campaign.Retracting;
using Campaign.Infrastructure.Reading;
using JasperFx.Events;
using Marten;
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
/// case (current custody, charges, hearings, verdicts) and what search needs (<see cref="Whereabouts"/>); its timeline,
/// retractions, custody history and detentions, which grow with every development, are folded from the events when it is read.
/// </summary>
[ReadFromEvents(nameof(Timeline), nameof(Retractions), nameof(CustodyHistory), nameof(Detentions), nameof(Evidence))]
public sealed class DefendantView : DefendantSummary
{
    [Public] public long Version { get; set; }
    [Public] public Guid CampaignId { get; set; }
    [Confidential] public string? LegalName { get; set; }
    [Public] public List<Detention> Detentions { get; set; } = [];
    [Public] public List<Verdict> Verdicts { get; set; } = [];
    [Public] public List<TimelineEntry> Timeline { get; set; } = [];
    [Internal] public List<Retraction> Retractions { get; set; } = [];
    [Public] public List<EvidenceFile> Evidence { get; set; } = [];
    [Internal] public Whereabouts Whereabouts { get; set; } = new();
    [Public] public CustodyTerm? Term { get; set; }
    [Public] public List<HearingDate> HearingDates { get; set; } = [];
    [Public] public SourcedFact? LastDevelopment { get; set; }

    /// <summary>The case's dated hearings and the end of its custody term, by day; those already passed stay until superseded.</summary>
    [Public] public IReadOnlyList<Deadline> Deadlines => Defendants.Deadlines.Of(HearingDates, Term);

    public static DefendantView From(IEvent<DefendantRegistered> e) => From([e])!;

    /// <summary>The whole view, history included, folded from the events of the defendant's stream; null before it is registered.</summary>
    public static DefendantView? From(IEnumerable<IEvent> events)
    {
        DefendantView? view = null;
        var stream = events.ToList();
        foreach (var e in stream)
        {
            if (e.Data is DefendantRegistered) view = new DefendantView();
            view?.Fold(e);
        }
        // A retracted fact may have moved a deadline that an earlier fact had set: the deadlines as if it was never recorded.
        if (view is not null && stream.Any(e => e.Data is DevelopmentRetracted) && Defendant.From(stream) is { } model)
            (view.Term, view.HearingDates, view.LastDevelopment) = (model.Term, model.Hearings, model.LastDevelopment);
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
            case HearingScheduled x: Summoned(e.Id, x); Defendants.Deadlines.Schedule(HearingDates, e, x); break;
            case EvidenceAttached x: Evidence.Add(EvidenceFile.From(e, x)); break;
            case DevelopmentRetracted x:
                Retract(x.RetractedEventId);
                Retractions.Add(new(x.RetractedEventId, x.RetractedEventType, x.Reason, e.Timestamp, e.UserName));
                break;
        }
        if (e.Data is IDefendantDevelopment happened)
            Timeline.InsertByDay(happened.ToTimelineEntry(e, Id), t => t.OccurredOn);
        Term = Defendants.Deadlines.Term(Term, e, Custody?.EventId == e.Id);
        LastDevelopment = Defendants.Deadlines.LastDevelopment(LastDevelopment, e);
        Trace(e.Data);
    }

    /// <summary>Where and when an event saw the defendant, for search: custody, detentions, charges and hearings.</summary>
    private void Trace(object data)
    {
        switch (data)
        {
            case DetentionRecorded x: Whereabouts.Saw(x.OccurredOn, x.Place); break;
            case CustodyStatusChanged x: Whereabouts.Saw(x.OccurredOn, x.Place); break;
            case Released x: Whereabouts.Saw(x.OccurredOn); break;
            case ChargeFiled x: Whereabouts.Saw(x.OccurredOn); break;
            case ChargeEscalated x: Whereabouts.Saw(x.OccurredOn); break;
            case HearingScheduled x: Whereabouts.Saw(x.OccurredOn, string.Join(", ", new[] { x.Court, x.City }.Where(p => p is not null))); break;
        }
    }

    public override void Retract(Guid eventId)
    {
        base.Retract(eventId);
        Detentions.RemoveAll(d => d.EventId == eventId);
        Verdicts.RemoveAll(v => v.EventId == eventId);
        Timeline.RemoveAll(t => t.EventId == eventId);
        Evidence.RemoveAll(f => f.EvidenceId == eventId);
        Whereabouts = new();
        foreach (var spell in CustodyHistory) Whereabouts.Saw(spell.Since, spell.Place);
        foreach (var detention in Detentions) Whereabouts.Saw(detention.On, detention.Place);
        foreach (var charge in Charges) Whereabouts.Saw(charge.FiledOn);
        foreach (var hearing in Hearings) Whereabouts.Saw(hearing.ScheduledOn, string.Join(", ", new[] { hearing.Court, hearing.City }.Where(p => p is not null)));
    }
}

/// <summary>
/// Keeps <see cref="DefendantView"/> in the same transaction as each event of a defendant's stream. The stored document
/// keeps no history, and undoing a fact may need it (the custody before the one retracted): a retraction folds the stream again.
/// </summary>
public sealed class DefendantViewProjection : SingleStreamProjection<DefendantView, Guid>
{
    public DefendantViewProjection()
    {
        IncludeType<IDefendantEvent>();
        IncludeType<DevelopmentRetracted>();
    }

    public override async ValueTask<DefendantView?> EvolveAsync(DefendantView? view, Guid id, IQuerySession session, IEvent e, CancellationToken ct)
    {
        if (e.Data is DefendantRegistered) view = new DefendantView();
        if (view is null) return null; // a retraction on a campaign's own stream (of a statement) keeps no defendant view
        if (e.Data is DevelopmentRetracted) return DefendantView.From([.. await session.Events.FetchStreamAsync(id, e.Version - 1, token: ct), e]);
        view.Fold(e);
        return view;
    }
}
