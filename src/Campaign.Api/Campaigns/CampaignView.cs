using Campaign.Campaigns.IssuingStatements;
using Campaign.Campaigns.Launching;
using Campaign.Confidentiality;
using Campaign.Defendants;
using Campaign.Defendants.Registering;
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

    /// <summary>
    /// The latest day anything happened in the campaign. Every development leaves a dated trace in a defendant's
    /// custody, charges or hearings, or in the statements, so none is missed, and a retracted one no longer counts.
    /// </summary>
    [Public] public DateOnly? LastDevelopmentOn => Defendants
        .SelectMany(d => d.CustodyHistory.Select(s => s.Since)
            .Concat(d.Charges.SelectMany(c => new[] { c.FiledOn, c.Dropped?.On ?? c.FiledOn, c.Verdict?.On ?? c.FiledOn }))
            .Concat(d.Hearings.Select(h => h.ScheduledOn)))
        .Concat(Statements.Select(s => s.IssuedOn))
        .Select(day => (DateOnly?)day).Max();

    public void Fold(IEvent e)
    {
        switch (e.Data)
        {
            case CampaignLaunched launched:
                (Id, Name, Country, Region, Summary) = (launched.CampaignId, launched.Name, launched.Country, launched.Region, launched.Summary);
                break;
            case DefendantRegistered:
                Defendants.Add(DefendantSummary.Folded(new DefendantSummary(), e));
                break;
            case StatementIssued s:
                Statements.InsertByDay(new(s.StatementId, e.Id, s.Organisation, s.Speaker, s.SpeakerRole, s.OccurredOn, s.Quote, s.Summary, s.Source),
                    statement => statement.IssuedOn);
                break;
            case IDefendantEvent happened:
                Defendants.Find(d => d.Id == happened.DefendantId)?.Fold(e);
                break;
            case DevelopmentRetracted retracted:
                Defendants.Find(d => d.Id == retracted.StreamId)?.Fold(e);
                Statements.RemoveAll(s => s.EventId == retracted.RetractedEventId);
                break;
        }
    }
}
