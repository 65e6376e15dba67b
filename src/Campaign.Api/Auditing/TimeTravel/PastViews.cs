using Campaign.Campaigns;
using Campaign.Campaigns.Launching;
using Campaign.Defendants;
using Campaign.Developments;
using Campaign.Retracting;
using JasperFx.Events;
using Marten;

namespace Campaign.Auditing.TimeTravel;

/// <summary>Views of the past (or of now, history included), folded from the events with the very code that keeps the live views.</summary>
public sealed class PastViews(IDocumentStore store)
{
    public async Task<DefendantView?> Defendant(Guid id, Moment moment, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(id, moment.Version ?? 0, moment.RecordedUpTo, token: ct);
        return FoldDefendant(ValidOn(events, moment.ValidOn));
    }

    public async Task<CampaignView?> Campaign(Guid id, Moment moment, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var defendants = await session.Query<DefendantView>().Where(d => d.CampaignId == id).Select(d => d.Id).ToListAsync(ct);
        var streams = defendants.Append(id).ToArray();
        var upTo = moment.RecordedUpTo ?? DateTimeOffset.MaxValue;
        var events = await session.Events.QueryAllRawEvents().Where(e => streams.Contains(e.StreamId) && e.Timestamp <= upTo)
            .OrderBy(e => e.Sequence).ToListAsync(ct);
        return FoldCampaign(ValidOn(events, moment.ValidOn));
    }

    public static DefendantView? FoldDefendant(IEnumerable<IEvent> events) => DefendantView.From(events);

    public static CampaignView? FoldCampaign(IEnumerable<IEvent> events)
    {
        CampaignView? view = null;
        foreach (var e in events)
        {
            if (view is null && e.Data is not CampaignLaunched) continue;
            view ??= new CampaignView();
            view.Fold(e);
            view.Version = e.Sequence;
        }
        return view;
    }

    /// <summary>Only what had happened by that day: later developments, and retractions of them, are left out.</summary>
    private static IEnumerable<IEvent> ValidOn(IEnumerable<IEvent> events, DateOnly? day)
    {
        var later = new HashSet<Guid>();
        foreach (var e in events)
        {
            if (day is not null && e.Data is IDevelopment development && development.OccurredOn > day)
            {
                later.Add(e.Id);
                continue;
            }
            if (e.Data is DevelopmentRetracted retracted && later.Contains(retracted.RetractedEventId)) continue;
            yield return e;
        }
    }
}
