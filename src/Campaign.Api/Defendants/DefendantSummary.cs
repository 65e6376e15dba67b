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

    /// <summary>The custody that took effect last (by its day; a fact recorded late does not override a newer one).</summary>
    [Public] public CustodySpell? Custody { get; set; }

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

    /// <summary>Drops what the retracted event stated (from a summary whose custody history is whole).</summary>
    public virtual void Retract(Guid eventId)
    {
        CustodyHistory.RemoveAll(s => s.EventId == eventId);
        Custody = CustodyHistory.LastOrDefault();
        Charges.Retract(eventId);
        Hearings.RemoveAll(h => h.EventId == eventId);
    }
}
