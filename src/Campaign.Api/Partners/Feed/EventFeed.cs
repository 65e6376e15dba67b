using Campaign.Defendants;
using Campaign.Partners.Contracts;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;

namespace Campaign.Partners.Feed;

/// <summary>Which events a reader wants: CloudEvents types and campaigns; none means all.</summary>
public sealed record FeedFilter(IReadOnlyCollection<string>? Types = null, IReadOnlyCollection<Guid>? Campaigns = null);

/// <summary>A page of events, and the position to read after next.</summary>
public sealed record FeedPage(IReadOnlyList<IEvent> Events, long Next);

/// <summary>
/// All events in global order, served only up to Marten's high-water mark: below it every sequence is either
/// committed or known to be lost, so an event committed late at a lower position is never skipped, and no page
/// repeats another.
/// </summary>
public sealed class EventFeed(IDocumentStore store)
{
    public const int MaxPage = 1000;

    public async Task<long> HighWaterMark(CancellationToken ct) =>
        await store.Advanced.ProjectionProgressFor(ShardName.HighWaterMarkFor(), token: ct);

    public async Task<FeedPage> Read(long after, int limit, FeedFilter filter, CancellationToken ct) =>
        await Read(after, await HighWaterMark(ct), limit, filter, ct);

    /// <summary>A page of the events after <paramref name="after"/> up to <paramref name="ceiling"/>, a high-water mark read before.</summary>
    public async Task<FeedPage> Read(long after, long ceiling, int limit, FeedFilter filter, CancellationToken ct)
    {
        if (after >= ceiling) return new([], after);

        await using var session = store.QuerySession();
        var query = session.Events.QueryAllRawEvents().Where(e => e.Sequence > after && e.Sequence <= ceiling);
        if (filter.Types is { Count: > 0 } types)
        {
            var names = EventTypeNames(types);
            query = query.Where(e => names.Contains(e.EventTypeName));
        }
        if (filter.Campaigns is { Count: > 0 } campaigns)
        {
            var streams = await StreamsOf(session, campaigns, ct);
            query = query.Where(e => streams.Contains(e.StreamId));
        }
        var events = await query.OrderBy(e => e.Sequence).Take(Math.Clamp(limit, 1, MaxPage)).ToListAsync(ct);
        // When the page is not full, everything up to the high-water mark has been looked at.
        return new(events, events.Count == Math.Clamp(limit, 1, MaxPage) ? events[^1].Sequence : ceiling);
    }

    /// <summary>The campaign of each defendant among <paramref name="streams"/>; the others are campaigns themselves.</summary>
    public async Task<Dictionary<Guid, Guid>> CampaignsOfDefendants(IReadOnlyCollection<Guid> streams, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var defendants = await session.Query<DefendantView>().Where(d => streams.Contains(d.Id))
            .Select(d => new { d.Id, d.CampaignId }).ToListAsync(ct);
        return defendants.ToDictionary(d => d.Id, d => d.CampaignId);
    }

    private string[] EventTypeNames(IEnumerable<string> cloudEventTypes)
    {
        var internalTypes = PartnerEvent.Types.Where(t => cloudEventTypes.Contains(t.Value)).Select(t => t.Key).ToHashSet();
        return store.Options.Events.AllKnownEventTypes().Where(t => internalTypes.Contains(t.EventType)).Select(t => t.EventTypeName).ToArray();
    }

    private static async Task<Guid[]> StreamsOf(IQuerySession session, IReadOnlyCollection<Guid> campaigns, CancellationToken ct)
    {
        var defendants = await session.Query<DefendantView>().Where(d => campaigns.Contains(d.CampaignId)).Select(d => d.Id).ToListAsync(ct);
        return [.. campaigns, .. defendants];
    }
}
