using Campaign.Access;
using Campaign.Confidentiality;
using Campaign.Partners.Webhooks;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Campaign.Operations.Progress;

/// <summary>
/// Where one consumer of the events stands: <c>HighWaterMark</c> (webhooks are delivered up to it, and every other
/// consumer follows it), <c>PublicEvents:All</c> (the events rendered for partners: the feed and the live stream serve
/// up to it), <c>CampaignView:All</c>, <c>webhooks:All</c> (the relay that wakes webhook deliveries) and
/// <c>EventChain:All</c> (the audit chain). <see cref="BehindPositions"/>: the sequence positions between
/// its position and the last event, that is the events it has not reached plus any position left empty by a write that
/// was rolled back (so at most that many events); <see cref="BehindSeconds"/>: the age of the oldest event it has not reached.
/// </summary>
public sealed record ConsumerProgress(
    [property: Internal] string Name,
    [property: Internal] long Position,
    [property: Internal] long BehindPositions,
    [property: Internal] double BehindSeconds);

/// <summary>
/// The webhooks' own lag, among the active subscriptions: how many there are, how many have not yet delivered up to the
/// high-water mark, the lowest position delivered (every subscription has delivered up to it, or skipped what was not
/// for it), and the earliest next attempt already due but not yet made (a subscription stalled by failures or an outage).
/// </summary>
public sealed record WebhookProgress(
    [property: Internal] int Active,
    [property: Internal] int BehindHighWaterMark,
    [property: Internal] long? LowestDelivered,
    [property: Internal] DateTimeOffset? OldestOverdueAttemptAt);

/// <summary>
/// <see cref="MissedEvents"/>: events committed inside a range of positions the daemon had skipped (Projections:SkipLiveGapsAfter),
/// after the audit chain had passed it, found as events at or below the chain's position that it never linked. No consumer
/// was fed them (the feed, live stream and webhooks had moved past; the campaign view too, unless it read that range after
/// they were committed), and the audit chain verifies as broken from the first of them. Should never be above zero.
/// </summary>
public sealed record ProgressReport(
    [property: Internal] long LastEvent,
    [property: Internal] DateTimeOffset? LastEventAt,
    [property: Internal] long HighWaterMark,
    [property: Internal] IReadOnlyList<ConsumerProgress> Consumers,
    [property: Internal] WebhookProgress Webhooks,
    [property: Internal] long MissedEvents);

public static class ReadProgressEndpoint
{
    /// <summary>How far each consumer of the events (feed, campaign view, webhooks, audit chain) is behind the last event.</summary>
    [WolverineGet("/api/operations/progress", OperationId = "ReadProgress"), Authorize(Policy = Policies.Audit)]
    public static async Task<ProgressReport> Get(IDocumentStore store, TimeProvider clock, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var now = clock.GetUtcNow();
        var (last, consumers) = await Consumers(store, session, now, ct);
        var highWater = consumers.Single(c => c.Name == ShardState.HighWaterMark).Position;
        return new(last?.Sequence ?? 0, last?.Timestamp, highWater, consumers, await Webhooks(session, highWater, now, ct), await MissedEvents(session, ct));
    }

    /// <summary>The last event, and where each consumer (the high-water mark first) stands behind it; also for the readiness check.</summary>
    public static async Task<(IEvent? Last, IReadOnlyList<ConsumerProgress> Consumers)> Consumers(
        IDocumentStore store, IQuerySession session, DateTimeOffset now, CancellationToken ct)
    {
        var positions = (await store.Advanced.AllProjectionProgress(token: ct)).ToDictionary(s => s.ShardName, s => s.Sequence);
        var names = ((DocumentStore)store).Options.Projections.AllShards().Select(s => s.Name.Identity)
            .Prepend(ShardState.HighWaterMark).Union(positions.Keys);
        var last = await session.Events.QueryAllRawEvents().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(ct);
        var lastSequence = last?.Sequence ?? 0;

        var consumers = new List<ConsumerProgress>();
        foreach (var name in names)
        {
            var position = positions.GetValueOrDefault(name);
            var oldest = await session.Events.QueryAllRawEvents().Where(e => e.Sequence > position).OrderBy(e => e.Sequence).FirstOrDefaultAsync(ct);
            consumers.Add(new(name, position, Math.Max(0, lastSequence - position), oldest is null ? 0 : Seconds(now - oldest.Timestamp)));
        }
        return (last, consumers);
    }

    private static async Task<WebhookProgress> Webhooks(IQuerySession session, long highWater, DateTimeOffset now, CancellationToken ct)
    {
        var active = await WebhookSubscription.ActiveIds(session, ct);
        var cursors = (await session.LoadManyAsync<WebhookCursor>(ct, active)).ToDictionary(c => c.Id);
        var delivered = active.Select(id => cursors.GetValueOrDefault(id)?.DeliveredUpTo ?? 0).ToList();
        return new(active.Count, delivered.Count(d => d < highWater), delivered.Count > 0 ? delivered.Min() : null,
            cursors.Values.Select(c => c.NextAttemptAt).Where(at => at <= now).Min());
    }

    // Marten records each range of positions the daemon skipped; an event in one of them, at or below the chain's
    // position but with no link, was committed after the chain had passed it. Index range scans over the skipped ranges only.
    private const string Missed = """
        select count(distinct e.seq_id) from mt_high_water_skips s
        join mt_events e on e.seq_id > s.starting_sequence and e.seq_id <= s.ending_sequence
        where e.seq_id <= coalesce((select last_seq_id from mt_event_progression where name = 'EventChain:All'), 0)
          and not exists (select 1 from mt_doc_chainlink l where l.id = e.seq_id)
        """;

    private static async Task<long> MissedEvents(IQuerySession session, CancellationToken ct) =>
        (await session.AdvancedSql.QueryAsync<long>(Missed, ct)).Single();

    private static double Seconds(TimeSpan age) => Math.Round(Math.Max(0, age.TotalSeconds), 3);
}
