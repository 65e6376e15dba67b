using System.Text.Json.Serialization;
using Campaign.Alerts;
using Campaign.Defendants.ChangingCustody;
using Campaign.Defendants.DeliveringVerdicts;
using Campaign.Defendants.DroppingCharges;
using Campaign.Defendants.EscalatingCharges;
using Campaign.Defendants.FilingCharges;
using Campaign.Defendants.RecordingDetention;
using Campaign.Defendants.Registering;
using Campaign.Defendants.Releasing;
using Campaign.Defendants.SchedulingHearings;
using Campaign.Infrastructure.Writing;
using Campaign.Retracting;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;

namespace Campaign.Defendants;

/// <summary>
/// What decisions about one defendant need, and nothing more: their charges (by id, with the legal basis, the day filed
/// and what became of each), the custody that took effect last and its term, the dated hearings, the last development,
/// the alerts already raised, and the developments already retracted. Kept up to date in the same transaction as each
/// write; it grows with charges, hearings, alerts and retractions, not with every development.
/// </summary>
[InlineViews(typeof(DefendantView))]
public sealed class Defendant : IWriteModel, IRetractable
{
    public static string Noun => "defendant";

    public Guid Id { get; set; }
    public long Version { get; set; }
    public Guid CampaignId { get; set; }
    public string DisplayName { get; set; } = "";
    public List<ChargeState> Charges { get; set; } = [];
    public CustodyState? Custody { get; set; }
    public List<Guid> Retracted { get; set; } = [];
    public CustodyTerm? Term { get; set; }
    public List<HearingDate> Hearings { get; set; } = [];
    public SourcedFact? LastDevelopment { get; set; }

    /// <summary>The <see cref="IAlert.Key"/> of every alert raised: each deadline and lead time alerts once.</summary>
    public List<string> Alerted { get; set; } = [];

    [JsonIgnore] public CustodyStatus? CurrentCustody => Custody?.Status;

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

    [JsonIgnore] public IEnumerable<ChargeState> PendingCharges => Charges.Where(c => c.Status == ChargeStatus.Pending);

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

    /// <summary>A fact recorded late takes its place in the past: it does not override custody that took effect later.</summary>
    internal void Hold(Guid eventId, CustodyStatus status, DateOnly since)
    {
        if (Custody is null || since >= Custody.Since) Custody = new CustodyState(eventId, status, since);
    }

    private void Happened(IEvent e)
    {
        Term = Deadlines.Term(Term, e, Custody?.EventId == e.Id);
        LastDevelopment = Deadlines.LastDevelopment(LastDevelopment, e);
    }

    /// <summary>Folds one event of the defendant's stream in, one line per event; a retraction is folded by <see cref="From"/>.</summary>
    public static Defendant? Fold(Defendant? defendant, IEvent e)
    {
        if (e.Data is DefendantRegistered registered)
            return new Defendant { Id = e.StreamId, Version = e.Version, CampaignId = registered.CampaignId, DisplayName = registered.DisplayName };
        if (defendant is null) return null;
        defendant.Version = e.Version;
        switch (e.Data)
        {
            case DetentionRecorded x: defendant.Hold(e.Id, x.Custody, x.OccurredOn); break;
            case CustodyStatusChanged x: defendant.Hold(e.Id, x.Status, x.OccurredOn); break;
            case Released x: defendant.Hold(e.Id, x.ResultingCustody(), x.OccurredOn); break;
            case HearingScheduled x: Deadlines.Schedule(defendant.Hearings, e, x); break;
            case IAlert x: defendant.Alerted.Add(x.Key); break;
            case ChargeFiled x: defendant.File(e.Id, x.ChargeId, x.Charge.LegalBasis, x.OccurredOn); break;
            case ChargeEscalated x: defendant.File(e.Id, x.ChargeId, x.Charge.LegalBasis, x.OccurredOn, x.ReplacedChargeId); break;
            case ChargesDropped x: defendant.Drop(e.Id, x.ChargeIds); break;
            case VerdictDelivered x: defendant.Rule(e.Id, x.ChargeIds, x.Outcome); break;
        }
        defendant.Happened(e);
        return defendant;
    }

    /// <summary>
    /// The write model folded from a stream's events: a retracted development is left out as if it had never been recorded,
    /// which is what retracting it means.
    /// </summary>
    public static Defendant? From(IReadOnlyList<IEvent> events)
    {
        var retracted = events.Select(e => e.Data).OfType<DevelopmentRetracted>().Select(r => r.RetractedEventId).ToList();
        var defendant = events.Where(e => e.Data is not DevelopmentRetracted && !retracted.Contains(e.Id)).Aggregate((Defendant?)null, Fold);
        if (defendant is not null) (defendant.Retracted, defendant.Version) = (retracted, events[^1].Version);
        return defendant;
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

    [JsonIgnore] public ChargeStatus Status => DroppedBy is not null ? ChargeStatus.Dropped
        : ReplacedBy is not null ? ChargeStatus.Replaced
        : Verdict switch
        {
            VerdictOutcome.Convicted => ChargeStatus.Convicted,
            VerdictOutcome.Acquitted => ChargeStatus.Acquitted,
            _ => ChargeStatus.Pending,
        };

    /// <summary>A later development acted on it: it was replaced, dropped or ruled on.</summary>
    [JsonIgnore] public bool ActedOn => Status != ChargeStatus.Pending;
}

public sealed record CustodyState(Guid EventId, CustodyStatus Status, DateOnly Since);

/// <summary>
/// Keeps <see cref="Defendant"/> in the same transaction as each event of a defendant's stream. Undoing a fact may need
/// facts the write model does not keep (the custody before the one retracted): a retraction folds the stream again.
/// </summary>
public sealed class DefendantProjection : SingleStreamProjection<Defendant, Guid>
{
    public DefendantProjection()
    {
        IncludeType<IDefendantEvent>();
        IncludeType<DevelopmentRetracted>();
    }

    public override async ValueTask<Defendant?> EvolveAsync(Defendant? defendant, Guid id, IQuerySession session, IEvent e, CancellationToken ct)
    {
        if (e.Data is not DevelopmentRetracted) return Defendant.Fold(defendant, e);
        if (defendant is null) return null; // a campaign's own stream: a retraction of a statement
        return Defendant.From([.. await session.Events.FetchStreamAsync(id, e.Version - 1, token: ct), e]);
    }
}
