using System.Text;
using Campaign.Access;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Campaign.Partners.Feed;

public static class LiveFeedEndpoint
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Server-Sent Events: each event as <c>id: position</c>, <c>event: type</c>, <c>data: CloudEvent</c>, from the
    /// <c>Last-Event-ID</c> (or <c>after</c>) position on, or from now; a comment line as a heartbeat when all is quiet.
    /// </summary>
    [WolverineGet("/api/feed/live", OperationId = "LiveFeed"), Authorize(Policy = Policies.Feed)]
    public static async Task Get(HttpContext context, EventFeed feed, PartnerCloudEvents cloudEvents, IConfiguration configuration, TimeProvider clock)
    {
        var ct = context.RequestAborted;
        var resumeFrom = long.TryParse(context.Request.Headers["Last-Event-ID"].ToString(), out var lastSeen) ? lastSeen : (long?)null;
        var query = FeedQuery.From(context.Request, resumeFrom ?? await feed.HighWaterMark(ct));
        var after = resumeFrom ?? query.After;
        var heartbeat = TimeSpan.FromSeconds(configuration.GetValue("Partners:HeartbeatSeconds", 15.0));

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(": connected\n\n", ct);
        await context.Response.Body.FlushAsync(ct);

        var lastWrite = clock.GetUtcNow();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var page = await feed.Read(after, query.Limit, query.Filter, ct);
                foreach (var e in page.Events)
                {
                    if (cloudEvents.ToCloudEvent(e) is not { } cloudEvent) continue;
                    var data = Encoding.UTF8.GetString(cloudEvents.Structured(cloudEvent).Span);
                    await context.Response.WriteAsync($"id: {e.Sequence}\nevent: {cloudEvent.Type}\ndata: {data}\n\n", ct);
                }
                after = page.Next;

                if (page.Events.Count > 0) lastWrite = clock.GetUtcNow();
                else if (clock.GetUtcNow() - lastWrite >= heartbeat)
                {
                    await context.Response.WriteAsync(": heartbeat\n\n", ct);
                    lastWrite = clock.GetUtcNow();
                }
                await context.Response.Body.FlushAsync(ct);
                if (page.Events.Count == 0) await Task.Delay(Poll, clock, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
    }
}
