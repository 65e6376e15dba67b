using Campaign.Campaigns.IssuingStatements;
using Campaign.Campaigns.Launching;
using Campaign.Confidentiality;
using Campaign.Defendants;
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

namespace Campaign.Campaigns;

public sealed record Statement(
    [property: Public] Guid StatementId,
    [property: Public] Guid EventId,
    [property: Public] string Organisation,
    [property: Public] string? Speaker,
    [property: Public] string? SpeakerRole,
    [property: Public] DateOnly IssuedOn,
    [property: Public] string? Quote,
    [property: Public] string? Summary,
    [property: Public] Source Source);

/// <summary>A hearing as the campaign sees it: one court date, with every defendant summoned to it.</summary>
public sealed record CampaignHearing(
    [property: Public] Guid HearingId,
    [property: Public] DateOnly? ScheduledFor,
    [property: Public] string? Court,
    [property: Public] string City,
    [property: Public] string Purpose,
    [property: Public] IReadOnlyList<Guid> DefendantIds);

/// <summary>
/// A campaign and where each of its defendants stands, built by the async daemon from the campaign's
/// stream and its defendants' streams. Counts and hearings are derived, so they cannot drift from the defendants.
/// </summary>
public sealed class CampaignView : IDataSubject
{
    Guid IDataSubject.DataSubject => Id;

    [Public] public Guid Id { get; set; }

    /// <summary>The global sequence of the last event folded in.</summary>
    [Public] public long Version { get; set; }

    [Public] public string Name { get; set; } = "";
    [Public] public string Country { get; set; } = "";
    [Public] public string? Region { get; set; }
    [Public] public string? Summary { get; set; }
    [Public] public List<DefendantSummary> Defendants { get; set; } = [];
    [Public] public List<Statement> Statements { get; set; } = [];

    [Public] public int DefendantCount => Defendants.Count;

    [Public] public SortedDictionary<CustodyStatus, int> DefendantsByCustody => new(Defendants
        .Where(d => d.Custody is not null)
        .GroupBy(d => d.Custody!.Status)
        .ToDictionary(g => g.Key, g => g.Count()));

    /// <summary>How many defendants face a current charge under each legal basis.</summary>
    [Public] public SortedDictionary<string, int> DefendantsByCharge => new(Defendants
        .SelectMany(d => d.Charges.Where(c => c.IsCurrent).Select(c => c.Details.LegalBasis).Distinct())
        .GroupBy(basis => basis)
        .ToDictionary(g => g.Key, g => g.Count()));

    [Public] public IReadOnlyList<CampaignHearing> Hearings => Defendants
        .SelectMany(d => d.Hearings.Select(h => (Defendant: d.Id, Hearing: h)))
        .GroupBy(x => x.Hearing.HearingId)
        .Select(g =>
        {
            var h = g.First().Hearing;
            return new CampaignHearing(h.HearingId, h.ScheduledFor, h.Court, h.City, h.Purpose, g.Select(x => x.Defendant).Distinct().ToList());
        })
        .OrderBy(h => h.ScheduledFor ?? DateOnly.MaxValue)
        .ToList();

    [Public] public CampaignHearing? NextHearing => Hearings
        .FirstOrDefault(h => h.ScheduledFor is null || h.ScheduledFor >= DateOnly.FromDateTime(DateTime.UtcNow));

    /// <summary>The latest day anything happened in the campaign, to a defendant or in a statement; a retracted one no longer counts.</summary>
    [Public] public DateOnly? LastDevelopmentOn => Defendants.Select(d => d.LastDevelopmentOn)
        .Concat(Statements.Select(s => (DateOnly?)s.IssuedOn)).Max();

    /// <summary>Folds one event of the campaign's stream or of one of its defendants' streams in: one line per event.</summary>
    public void Fold(IEvent e)
    {
        switch (e.Data)
        {
            case CampaignLaunched x: (Id, Name, Country, Region, Summary) = (x.CampaignId, x.Name, x.Country, x.Region, x.Summary); break;
            case StatementIssued x:
                Statements.InsertByDay(new(x.StatementId, e.Id, x.Organisation, x.Speaker, x.SpeakerRole, x.OccurredOn, x.Quote, x.Summary, x.Source),
                    statement => statement.IssuedOn);
                break;
            case DefendantRegistered x: Defendants.Add(new DefendantSummary { Id = x.DefendantId, DisplayName = x.DisplayName }); break;
            case DetentionRecorded x: Of(x)?.Held(e.Id, x.Custody, x.OccurredOn, x.Place, null); break;
            case CustodyStatusChanged x: Of(x)?.Held(e.Id, x.Status, x.OccurredOn, x.Place, x.Conditions); break;
            case Released x: Of(x)?.Held(e.Id, x.ResultingCustody(), x.OccurredOn, null, x.Conditions); break;
            case ChargeFiled x: Of(x)?.Charged(e.Id, x.ChargeId, x.Charge, x.OccurredOn); break;
            case ChargeEscalated x: Of(x)?.Charged(e.Id, x.ChargeId, x.Charge, x.OccurredOn, x.ReplacedChargeId, x.Reason); break;
            case ChargesDropped x: Of(x)?.Dropped(e.Id, x); break;
            case VerdictDelivered x: Of(x)?.Ruled(e.Id, x); break;
            case HearingScheduled x: Of(x)?.Summoned(e.Id, x); break;
            case DevelopmentRetracted x:
                Defendants.Find(d => d.Id == x.StreamId)?.Retract(x.RetractedEventId);
                Statements.RemoveAll(s => s.EventId == x.RetractedEventId);
                break;
        }
    }

    private DefendantSummary? Of(IDefendantEvent e) => Defendants.Find(d => d.Id == e.DefendantId);
}
