using Campaign.Infrastructure.ApiDocument;
using Campaign.Defendants;
using Campaign.Partners.Contracts;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;

namespace Campaign.Partners.Feed;

/// <summary>Which events a reader wants: CloudEvents types and campaigns; none means all.</summary>
[QueryParameter("type", typeof(string[]), "Only events of these types (repeated, or comma-separated), e.g. `org.campaign.charge-escalated.v1`; see docs/partners.md.")]
[QueryParameter("campaign", typeof(Guid[]), "Only events of these campaigns (repeated, or comma-separated).")]
public sealed record FeedFilter(IReadOnlyCollection<string>? Types = null, IReadOnlyCollection<Guid>? Campaigns = null);

/// <summary>A page of rendered events, and the position to read after next.</summary>
public sealed record FeedPage(IReadOnlyList<PublicEvent> Events, long Next);

/// <summary>A page of stored events, and the position to read after next.</summary>
public sealed record StoredPage(IReadOnlyList<IEvent> Events, long Next);

/// <summary>
/// Events in global order, served only up to a settled position, so that an event committed late at a lower position
/// is never skipped and no page repeats another. The feed and the live stream read the rendered public events up to
/// where <see cref="PublicEventsProjection"/> has reached (never past Marten's high-water mark, below which every
/// sequence is either committed or known to be lost); webhooks read the stored events up to the high-water mark.
/// </summary>
public sealed class EventFeed(IDocumentStore store)
{
    public const int MaxPage = 1000;

    private static readonly string RenderedShard = new ShardName(PublicEventsProjection.Name).Identity;

    public async Task<long> HighWaterMark(CancellationToken ct) =>
        await store.Advanced.ProjectionProgressFor(ShardName.HighWaterMarkFor(), token: ct);

    /// <summary>How far the public events have been rendered: the feed's and the live stream's ceiling.</summary>
    public async Task<long> Rendered(CancellationToken ct) =>
        await store.Advanced.ProjectionProgressFor(new ShardName(PublicEventsProjection.Name), token: ct);

    /// <summary>A page of the public events after <paramref name="after"/>, up to where they are rendered, in one query.</summary>
    public Task<FeedPage> Read(long after, int limit, FeedFilter filter, CancellationToken ct) => Page(after, null, limit, filter, ct);

    /// <summary>A page of the public events after <paramref name="after"/> up to <paramref name="ceiling"/>, a rendered position read before.</summary>
    public Task<FeedPage> Read(long after, long ceiling, int limit, FeedFilter filter, CancellationToken ct) =>
        after >= ceiling ? Task.FromResult(new FeedPage([], after)) : Page(after, ceiling, limit, filter, ct);

    private async Task<FeedPage> Page(long after, long? ceiling, int limit, FeedFilter filter, CancellationToken ct)
    {
        limit = Math.Clamp(limit, 1, MaxPage);
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(PageSql(filter, ceiling is not null), connection);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("limit", limit);
        if (ceiling is { } given) command.Parameters.AddWithValue("ceiling", given);
        else command.Parameters.AddWithValue("shard", RenderedShard);
        if (filter.Types is { Count: > 0 } types) command.Parameters.AddWithValue("types", types.ToArray());
        if (filter.Campaigns is { Count: > 0 } campaigns) command.Parameters.AddWithValue("campaigns", campaigns.ToArray());

        var events = new List<PublicEvent>(limit);
        var reached = after;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                reached = reader.GetInt64(0);
                if (await reader.IsDBNullAsync(1, ct)) continue;
                events.Add(new(reader.GetInt64(1), reader.GetString(2), reader.GetGuid(3), await reader.GetFieldValueAsync<byte[]>(4, ct)));
            }
        }
        // When the page is not full, everything up to the ceiling has been looked at.
        return new(events, events.Count == limit ? events[^1].Sequence : Math.Max(after, reached));
    }

    /// <summary>
    /// The ceiling and the page in one statement, so that both come from one snapshot: the rows and the progress that
    /// names them are committed together. One statement per combination of filters, each prepared on its own.
    /// </summary>
    private string PageSql(FeedFilter filter, bool givenCeiling)
    {
        var options = store.Options;
        var ceiling = givenCeiling
            ? "@ceiling"
            : $"coalesce((select last_seq_id from {options.Events.DatabaseSchemaName}.mt_event_progression where name = @shard), 0)";
        var where = "p.seq_id > @after and p.seq_id <= c.position"
            + (filter.Types is { Count: > 0 } ? " and p.type = any(@types)" : "")
            + (filter.Campaigns is { Count: > 0 } ? " and p.campaign_id = any(@campaigns)" : "");
        return $"""
            select c.position, p.seq_id, p.type, p.campaign_id, p.cloud_event
            from (select {ceiling} as position) c
            left join lateral (
              select seq_id, type, campaign_id, cloud_event from {options.DatabaseSchemaName}.{PublicEventsTable.Name} p
              where {where} order by p.seq_id limit @limit) p on true
            """;
    }

    /// <summary>A page of the stored events after <paramref name="after"/>, up to the high-water mark (webhooks).</summary>
    public async Task<StoredPage> ReadStored(long after, int limit, FeedFilter filter, CancellationToken ct)
    {
        var ceiling = await HighWaterMark(ct);
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
        return new(events, events.Count == Math.Clamp(limit, 1, MaxPage) ? events[^1].Sequence : ceiling);
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
