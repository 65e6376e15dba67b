using System.Text.Json.Serialization;
using Campaign.Confidentiality;
using Campaign.Defendants.DeliveringVerdicts;
using Campaign.Defendants.DroppingCharges;
using Campaign.Defendants.SchedulingHearings;

namespace Campaign.Defendants;

/// <summary>
/// A defendant's standing: custody, charges and hearings. The defendant's own view and each defendant of a campaign view
/// are built with these same steps, so the two never disagree.
/// </summary>
public class DefendantSummary : IDataSubject
{
    Guid IDataSubject.DataSubject => Id;

    [JsonPropertyOrder(-2), Public] public Guid Id { get; set; }
    [JsonPropertyOrder(-1), Public] public string DisplayName { get; set; } = "";
    [Public] public List<CustodySpell> CustodyHistory { get; set; } = [];
    [Public] public List<Charge> Charges { get; set; } = [];
    [Public] public List<Hearing> Hearings { get; set; } = [];

    /// <summary>The spell that took effect last: kept beside the history, so a stored view need not keep the history.</summary>
    [Public] public CustodySpell? Custody { get; set; }

    /// <summary>
    /// The latest day anything happened to the defendant. Every development leaves a dated trace in their custody (the spell
    /// that took effect last has the latest day of all), charges or hearings, so none is missed, and a retracted one no longer counts.
    /// </summary>
    [Public] public DateOnly? LastDevelopmentOn => new[] { Custody?.Since }.OfType<DateOnly>()
        .Concat(Charges.SelectMany(c => new[] { c.FiledOn, c.Dropped?.On ?? c.FiledOn, c.Verdict?.On ?? c.FiledOn }))
        .Concat(Hearings.Select(h => h.ScheduledOn))
        .Select(day => (DateOnly?)day).Max();

    /// <summary>A fact recorded late takes its place in the past: it does not override custody that took effect later.</summary>
    public void Held(Guid eventId, CustodyStatus status, DateOnly since, string? place, string? conditions)
    {
        var spell = new CustodySpell(eventId, status, since, place, conditions);
        CustodyHistory.Record(spell);
        if (Custody is null || since >= Custody.Since) Custody = spell;
    }

    public void Charged(Guid eventId, Guid chargeId, ChargeDetails details, DateOnly filedOn, Guid? replaces = null, string? reason = null) =>
        Charges.File(new Charge { ChargeId = chargeId, EventId = eventId, Details = details, FiledOn = filedOn, Replaces = replaces, EscalationReason = reason });

    public void Dropped(Guid eventId, ChargesDropped dropped)
    {
        foreach (var charge in dropped.ChargeIds.Select(Charges.Find).OfType<Charge>())
            charge.Dropped = new(eventId, dropped.OccurredOn, dropped.Reason);
    }

    public void Ruled(Guid eventId, VerdictDelivered verdict)
    {
        foreach (var charge in verdict.ChargeIds.Select(Charges.Find).OfType<Charge>())
            charge.Verdict = new(eventId, verdict.OccurredOn, verdict.Outcome, verdict.Sentence);
    }

    public void Summoned(Guid eventId, HearingScheduled hearing) =>
        Hearings.Add(new(hearing.HearingId, eventId, hearing.ScheduledFor, hearing.Court, hearing.City, hearing.Purpose, hearing.OccurredOn));

    /// <summary>Drops what the retracted event stated; the custody history must be whole (folded from the events).</summary>
    public virtual void Retract(Guid eventId)
    {
        CustodyHistory.RemoveAll(s => s.EventId == eventId);
        Custody = CustodyHistory.LastOrDefault();
        Charges.Retract(eventId);
        Hearings.RemoveAll(h => h.EventId == eventId);
    }
}
