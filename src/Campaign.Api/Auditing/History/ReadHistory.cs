using Campaign.Access;
using Campaign.Confidentiality;
using Campaign.Infrastructure.ApiDocument;
using Campaign.Infrastructure.Writing;
using Campaign.Retracting;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Campaign.Auditing.History;

public sealed record HistoryPage([property: Public] long Next, [property: Public] IReadOnlyList<HistoryEntry> Events);

public static class ReadHistoryEndpoints
{
    /// <summary>Every event of a stream in order, with its metadata, its source and whether it was later retracted.</summary>
    [WolverineGet("/api/streams/{id}/events", OperationId = "ReadStreamHistory"), Authorize(Policy = Policies.Audit)]
    public static async Task<IReadOnlyList<HistoryEntry>> Stream(Guid id, IQuerySession session, PersonalData personalData, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(id, token: ct);
        if (events.Count == 0) throw new NotFound("stream", id);
        var history = HistoryEntry.Of(events, events);
        await personalData.Open(history, ct);
        return history;
    }

    /// <summary>
    /// Events across all streams, paged by position: <c>after</c>, <c>limit</c> (1–1000), and the filters <c>from</c> and
    /// <c>to</c> (recorded instants), <c>type</c> (e.g. DetentionRecorded) and <c>recordedBy</c>.
    /// </summary>
    [WolverineGet("/api/audit/events", OperationId = "ReadAuditTrail"), Authorize(Policy = Policies.Audit), ReadsQuery<AuditQuery>]
    public static async Task<HistoryPage> Trail(HttpRequest request, IDocumentStore store, PersonalData personalData, CancellationToken ct)
    {
        var query = AuditQuery.Of(request, store);
        await using var session = store.QuerySession();
        var events = await query.Apply(session.Events.QueryAllRawEvents()).OrderBy(e => e.Sequence).Take(query.Limit).ToListAsync(ct);

        var streams = events.Select(e => e.StreamId).Distinct().ToArray();
        var retractionType = store.Options.Events.AllKnownEventTypes().Single(t => t.EventType == typeof(DevelopmentRetracted)).EventTypeName;
        var retractions = await session.Events.QueryAllRawEvents()
            .Where(e => e.EventTypeName == retractionType && streams.Contains(e.StreamId)).ToListAsync(ct);

        var history = HistoryEntry.Of(events, retractions);
        await personalData.Open(history, ct);
        return new HistoryPage(events.Count > 0 ? events[^1].Sequence : query.After, history);
    }
}
