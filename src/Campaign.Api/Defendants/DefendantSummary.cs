using System.Text.Json.Serialization;
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
using Campaign.Retracting;
using JasperFx.Events;

namespace Campaign.Defendants;

/// <summary>
/// A defendant's standing: custody, charges and hearings. Folded from the defendant's events both
/// for the defendant's own view and for each defendant of a campaign view, so the two never disagree.
/// </summary>
public class DefendantSummary : IDataSubject
{
    Guid IDataSubject.DataSubject => Id;

    [JsonPropertyOrder(-2), Public] public Guid Id { get; set; }
    [JsonPropertyOrder(-1), Public] public string DisplayName { get; set; } = "";
    [Public] public List<CustodySpell> CustodyHistory { get; set; } = [];
    [Public] public List<Charge> Charges { get; set; } = [];
    [Public] public List<Hearing> Hearings { get; set; } = [];

    [Public] public CustodySpell? Custody => CustodyHistory.LastOrDefault();

    public virtual void Fold(IEvent e)
    {
        switch (e.Data)
        {
            case DefendantRegistered registered:
                Id = registered.DefendantId;
                DisplayName = registered.DisplayName;
                break;
            case DetentionRecorded detained:
                CustodyHistory.Record(new(e.Id, detained.Custody, detained.OccurredOn, detained.Place, null));
                break;
            case CustodyStatusChanged changed:
                CustodyHistory.Record(new(e.Id, changed.Status, changed.OccurredOn, changed.Place, changed.Conditions));
                break;
            case Released released:
                CustodyHistory.Record(new(e.Id, released.ResultingCustody(), released.OccurredOn, null, released.Conditions));
                break;
            case ChargeFiled filed:
                Charges.File(new Charge { ChargeId = filed.ChargeId, EventId = e.Id, Details = filed.Charge, FiledOn = filed.OccurredOn });
                break;
            case ChargeEscalated escalated:
                Charges.File(new Charge
                {
                    ChargeId = escalated.ChargeId, EventId = e.Id, Details = escalated.Charge, FiledOn = escalated.OccurredOn,
                    Replaces = escalated.ReplacedChargeId, EscalationReason = escalated.Reason,
                });
                break;
            case ChargesDropped dropped:
                foreach (var charge in dropped.ChargeIds.Select(Charges.Find).OfType<Charge>())
                    charge.Dropped = new(e.Id, dropped.OccurredOn, dropped.Reason);
                break;
            case VerdictDelivered verdict:
                foreach (var charge in verdict.ChargeIds.Select(Charges.Find).OfType<Charge>())
                    charge.Verdict = new(e.Id, verdict.OccurredOn, verdict.Outcome, verdict.Sentence);
                break;
            case HearingScheduled hearing:
                Hearings.Add(new(hearing.HearingId, e.Id, hearing.ScheduledFor, hearing.Court, hearing.City, hearing.Purpose,
                    hearing.OccurredOn));
                break;
            case DevelopmentRetracted retracted:
                Retract(retracted.RetractedEventId);
                break;
        }
    }

    public static T Folded<T>(T summary, IEvent e) where T : DefendantSummary
    {
        summary.Fold(e);
        return summary;
    }

    protected virtual void Retract(Guid eventId)
    {
        CustodyHistory.RemoveAll(s => s.EventId == eventId);
        Charges.Retract(eventId);
        Hearings.RemoveAll(h => h.EventId == eventId);
    }
}
