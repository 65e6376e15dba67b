using Campaign.Access;
using Campaign.Confidentiality;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Campaign.Operations.Progress;

/// <summary>
/// Where one consumer of the events stands: <c>HighWaterMark</c> (webhooks are delivered up to it, and every other
/// consumer follows it), <c>PublicEvents:All</c> (the events rendered for partners: the feed and the live stream serve
/// up to it), <c>CampaignView:All</c>, <c>webhooks:All</c> (the relay that wakes webhook deliveries) and
/// <c>EventChain:All</c> (the audit chain). Behind: the events after its position, and the age of the
/// oldest of them.
/// </summary>
public sealed record ConsumerProgress(
    [property: Internal] string Name,
    [property: Internal] long Position,
    [property: Internal] long BehindEvents,
    [property: Internal] double BehindSeconds);

public sealed record ProgressReport(
    [property: Internal] long LastEvent,
    [property: Internal] DateTimeOffset? LastEventAt,
    [property: Internal] long HighWaterMark,
    [property: Internal] IReadOnlyList<ConsumerProgress> Consumers);

public static class ReadProgressEndpoint
{
    /// <summary>How far each consumer of the events (feed, campaign view, webhooks, audit chain) is behind the last event.</summary>
    [WolverineGet("/api/operations/progress", OperationId = "ReadProgress"), Authorize(Policy = Policies.Audit)]
    public static async Task<ProgressReport> Get(IDocumentStore store, TimeProvider clock, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var positions = (await store.Advanced.AllProjectionProgress(token: ct)).ToDictionary(s => s.ShardName, s => s.Sequence);
        var names = ((DocumentStore)store).Options.Projections.AllShards().Select(s => s.Name.Identity)
            .Prepend(ShardState.HighWaterMark).Union(positions.Keys);

        var consumers = new List<ConsumerProgress>();
        foreach (var name in names)
        {
            var position = positions.GetValueOrDefault(name);
            var behind = session.Events.QueryAllRawEvents().Where(e => e.Sequence > position);
            var oldest = await behind.OrderBy(e => e.Sequence).FirstOrDefaultAsync(ct);
            consumers.Add(new(name, position, await behind.LongCountAsync(ct), oldest is null ? 0 : Seconds(clock.GetUtcNow() - oldest.Timestamp)));
        }
        var last = await session.Events.QueryAllRawEvents().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(ct);
        return new(last?.Sequence ?? 0, last?.Timestamp, positions.GetValueOrDefault(ShardState.HighWaterMark), consumers);
    }

    private static double Seconds(TimeSpan age) => Math.Round(Math.Max(0, age.TotalSeconds), 3);
}
