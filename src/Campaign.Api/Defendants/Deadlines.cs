using Campaign.Confidentiality;
using Campaign.Defendants.ChangingCustody;
using Campaign.Defendants.DeliveringVerdicts;
using Campaign.Defendants.ExtendingCustodyTerms;
using Campaign.Defendants.SchedulingHearings;
using Campaign.Developments;
using Campaign.Partners.Contracts;
using JasperFx.Events;

namespace Campaign.Defendants;

/// <summary>
/// A recorded fact as a deadline or an alert cites it: the event, its kind, its day and its source as partners may see it
/// (a confidential source by its kind only), so that nothing citing it needs sealing.
/// </summary>
public sealed record SourcedFact(
    [property: Public] Guid EventId,
    [property: Public] string Type,
    [property: Public] DateOnly OccurredOn,
    [property: Public] PublicSource Source)
{
    public static SourcedFact Of(IEvent e, IDevelopment development) =>
        new(e.Id, development.GetType().Name, development.OccurredOn, PublicSource.From(development.Source));
}

/// <summary>A dated hearing a defendant is summoned to, as the last scheduling of that hearing states it.</summary>
public sealed record HearingDate(
    [property: Public] Guid HearingId,
    [property: Public] DateOnly On,
    [property: Public] string City,
    [property: Public] string? Court,
    [property: Public] string Purpose,
    [property: Public] SourcedFact ScheduledBy);

/// <summary>
/// The term of the custody in effect (e.g. pre-trial detention until <see cref="EndsOn"/>): ordered with a custody change,
/// moved by each extension; it ends with the next custody change, a release or a verdict.
/// </summary>
public sealed record CustodyTerm(
    [property: Public] CustodyStatus Status,
    [property: Public] DateOnly OrderedOn,
    [property: Public] DateOnly EndsOn,
    [property: Public] IReadOnlyList<SourcedFact> RestsOn);

/// <summary>A coming deadline of a defendant's case: a hearing or the end of a custody term.</summary>
public sealed record Deadline(
    [property: Public] DeadlineKind Kind,
    [property: Public] DateOnly On,
    [property: Public] string Description,
    [property: Public] IReadOnlyList<SourcedFact> RestsOn);

public enum DeadlineKind { Hearing, CustodyTermEnds }

/// <summary>How the events of a defendant's stream move their deadlines; the write model and the view fold them alike.</summary>
public static class Deadlines
{
    /// <summary>The term after an event, given whether the custody it states took effect (a fact recorded late may not).</summary>
    public static CustodyTerm? Term(CustodyTerm? term, IEvent e, bool tookEffect) => e.Data switch
    {
        CustodyStatusChanged x when tookEffect => x.TermEndsOn is { } end ? new(x.Status, x.OccurredOn, end, [SourcedFact.Of(e, x)]) : null,
        IDevelopment when tookEffect => null, // a detention or a release
        CustodyTermExtended x when term is not null => term with { EndsOn = x.TermEndsOn, RestsOn = [.. term.RestsOn, SourcedFact.Of(e, x)] },
        VerdictDelivered => null,
        _ => term,
    };

    /// <summary>The latest development by the day it happened, from which a case goes quiet; an alert is none.</summary>
    public static SourcedFact? LastDevelopment(SourcedFact? last, IEvent e) =>
        e.Data is IDevelopment development && (last is null || development.OccurredOn >= last.OccurredOn) ? SourcedFact.Of(e, development) : last;

    /// <summary>The last scheduling of a hearing states its day; one without a day leaves none to keep.</summary>
    public static void Schedule(List<HearingDate> hearings, IEvent e, HearingScheduled hearing)
    {
        hearings.RemoveAll(h => h.HearingId == hearing.HearingId);
        if (hearing.ScheduledFor is { } on)
            hearings.Add(new(hearing.HearingId, on, hearing.City, hearing.Court, hearing.Purpose, SourcedFact.Of(e, hearing)));
    }

    /// <summary>Every dated hearing and the end of the custody term, by day.</summary>
    public static IReadOnlyList<Deadline> Of(IEnumerable<HearingDate> hearings, CustodyTerm? term) =>
        hearings.Select(h => new Deadline(DeadlineKind.Hearing, h.On, $"{h.Purpose} in {h.City}", [h.ScheduledBy]))
            .Concat(term is null ? [] : [new Deadline(DeadlineKind.CustodyTermEnds, term.EndsOn, "The custody term ends", term.RestsOn)])
            .OrderBy(d => d.On).ToList();
}
