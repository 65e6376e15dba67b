using Campaign.Defendants.ChangingCustody;
using Campaign.Defendants.DeliveringVerdicts;
using Campaign.Defendants.DroppingCharges;
using Campaign.Defendants.EscalatingCharges;
using Campaign.Defendants.FilingCharges;
using Campaign.Defendants.RecordingDetention;
using Campaign.Defendants.Registering;
using Campaign.Defendants.Releasing;
using Campaign.Developments;
using Campaign.Infrastructure.Writing;
using Campaign.Retracting;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Campaign.Defendants;

/// <summary>
/// What decisions about one defendant need, and nothing more: their charges (by id, with the legal basis, the day filed
/// and what became of each), their custody by the day it took effect, and the developments already retracted.
/// Kept up to date in the same transaction as each write; it grows with the facts of those kinds, not with every development.
/// </summary>
public sealed class Defendant : IWriteModel, IRetractable
{
    public static string Noun => "defendant";

    public Guid Id { get; set; }
    public long Version { get; set; }
    public Guid CampaignId { get; set; }
    public string DisplayName { get; set; } = "";
    public List<ChargeState> Charges { get; set; } = [];
    public List<CustodyState> Custody { get; set; } = [];
    public List<Guid> Retracted { get; set; } = [];

    public CustodyStatus? CurrentCustody => Custody.Count == 0 ? null : Custody[^1].Status;

    /// <summary>The pending charge a development acts on, which must have been filed by the day it happened.</summary>
    public ChargeState PendingCharge(Guid chargeId, DateOnly occurredOn, string field = "chargeId")
    {
        var charge = Charges.Find(c => c.ChargeId == chargeId) ?? throw new InvalidReference(field, $"The defendant has no charge {chargeId}.");
        if (charge.Status != ChargeStatus.Pending)
            throw new StateConflict($"Charge {chargeId} is no longer pending: it is {charge.Status}.");
        if (occurredOn < charge.FiledOn)
            throw new InvalidReference("occurredOn", $"Charge {chargeId} was only filed on {charge.FiledOn:yyyy-MM-dd}.");
        return charge;
    }

    public Guid? ChargeActedOnAfter(Guid eventId) => Charges.Find(c => c.FiledBy == eventId && c.ActedOn)?.ChargeId;

    public IEnumerable<ChargeState> PendingCharges => Charges.Where(c => c.Status == ChargeStatus.Pending);

    internal void File(Guid eventId, Guid chargeId, string legalBasis, DateOnly filedOn, Guid? replaces = null)
    {
        if (replaces is { } replaced && Charges.Find(c => c.ChargeId == replaced) is { } old) old.ReplacedBy = chargeId;
        Charges.Add(new ChargeState { ChargeId = chargeId, FiledBy = eventId, LegalBasis = legalBasis, FiledOn = filedOn });
    }

    internal void Drop(Guid eventId, IEnumerable<Guid> chargeIds)
    {
        foreach (var charge in Charges.Where(c => chargeIds.Contains(c.ChargeId))) charge.DroppedBy = eventId;
    }

    internal void Rule(Guid eventId, IEnumerable<Guid> chargeIds, VerdictOutcome outcome)
    {
        foreach (var charge in Charges.Where(c => chargeIds.Contains(c.ChargeId))) (charge.RuledBy, charge.Verdict) = (eventId, outcome);
    }

    internal void Hold(Guid eventId, CustodyStatus status, DateOnly since) =>
        Custody.InsertByDay(new CustodyState(eventId, status, since), s => s.Since);

    internal void Retract(Guid eventId)
    {
        Retracted.Add(eventId);
        Custody.RemoveAll(s => s.EventId == eventId);
        Charges.RemoveAll(c => c.FiledBy == eventId);
        foreach (var charge in Charges)
        {
            if (charge.ReplacedBy is { } by && Charges.All(c => c.ChargeId != by)) charge.ReplacedBy = null;
            if (charge.DroppedBy == eventId) charge.DroppedBy = null;
            if (charge.RuledBy == eventId) (charge.RuledBy, charge.Verdict) = (null, null);
        }
    }
}

/// <summary>A charge as decisions see it. Its outcome is an event id, so that retracting that event undoes it.</summary>
public sealed class ChargeState
{
    public Guid ChargeId { get; set; }
    public Guid FiledBy { get; set; }
    public string LegalBasis { get; set; } = "";
    public DateOnly FiledOn { get; set; }
    public Guid? ReplacedBy { get; set; }
    public Guid? DroppedBy { get; set; }
    public Guid? RuledBy { get; set; }
    public VerdictOutcome? Verdict { get; set; }

    public ChargeStatus Status => DroppedBy is not null ? ChargeStatus.Dropped
        : ReplacedBy is not null ? ChargeStatus.Replaced
        : Verdict switch
        {
            VerdictOutcome.Convicted => ChargeStatus.Convicted,
            VerdictOutcome.Acquitted => ChargeStatus.Acquitted,
            _ => ChargeStatus.Pending,
        };

    /// <summary>A later development acted on it: it was replaced, dropped or ruled on.</summary>
    public bool ActedOn => Status != ChargeStatus.Pending;
}

public sealed record CustodyState(Guid EventId, CustodyStatus Status, DateOnly Since);

/// <summary>Evolves <see cref="Defendant"/> inline, one line per event of a defendant's stream.</summary>
public sealed class DefendantProjection : SingleStreamProjection<Defendant, Guid>
{
    public DefendantProjection()
    {
        IncludeType<IDefendantEvent>();
        IncludeType<DevelopmentRetracted>();
    }

    public override Defendant? Evolve(Defendant? defendant, Guid id, IEvent e)
    {
        if (e.Data is DefendantRegistered registered)
            return new Defendant { Id = id, Version = e.Version, CampaignId = registered.CampaignId, DisplayName = registered.DisplayName };
        if (defendant is null) return null; // a campaign's own stream: a retraction of a statement
        defendant.Version = e.Version;
        switch (e.Data)
        {
            case DetentionRecorded x: defendant.Hold(e.Id, x.Custody, x.OccurredOn); break;
            case CustodyStatusChanged x: defendant.Hold(e.Id, x.Status, x.OccurredOn); break;
            case Released x: defendant.Hold(e.Id, x.ResultingCustody(), x.OccurredOn); break;
            case ChargeFiled x: defendant.File(e.Id, x.ChargeId, x.Charge.LegalBasis, x.OccurredOn); break;
            case ChargeEscalated x: defendant.File(e.Id, x.ChargeId, x.Charge.LegalBasis, x.OccurredOn, x.ReplacedChargeId); break;
            case ChargesDropped x: defendant.Drop(e.Id, x.ChargeIds); break;
            case VerdictDelivered x: defendant.Rule(e.Id, x.ChargeIds, x.Outcome); break;
            case DevelopmentRetracted x: defendant.Retract(x.RetractedEventId); break;
        }
        return defendant;
    }
}
