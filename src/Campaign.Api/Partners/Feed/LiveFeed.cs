using Campaign.Access;
using Campaign.Infrastructure;
using Campaign.Infrastructure.ApiDocument;
using Campaign.Partners.Feed.Tokens;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Wolverine.Http;

namespace Campaign.Partners.Feed;

public static class LiveFeedEndpoint
{
    private const long FromNow = -1;

    /// <summary>
    /// Server-Sent Events: each event as <c>id: position</c>, <c>event: type</c>, <c>data: CloudEvent</c>, from the
    /// <c>Last-Event-ID</c> (or <c>after</c>) position on, or from now; a comment line as a heartbeat when all is quiet.
    /// A credential holds at most <c>Partners:MaxLiveStreamsPerCredential</c> streams at once (429 beyond). A stream opened
    /// with a live-stream token ends when the token expires (a comment <c>: token expired</c> says so).
    /// </summary>
    [WolverineGet("/api/feed/live", OperationId = "LiveFeed"), Authorize(Policy = Policies.Feed), ReadsQuery<FeedQuery>, ReadsQuery<FeedFilter>, AcceptsLiveStreamToken]
    [HeaderParameter("Last-Event-ID", "The position of the last event received: the stream resumes after it (a browser's EventSource sends it when it reconnects).")]
    [ProducesStream("text/event-stream", "Server-Sent Events until the client leaves: `id` the position, `event` the type, `data` the CloudEvent; `: heartbeat` comments when quiet.")]
    public static async Task Get(HttpContext context, EventFeed feed, LiveFeedSource source, LiveStreamSlots slots,
        IOptions<LiveFeedOptions> options, IHostApplicationLifetime lifetime, TimeProvider clock)
    {
        var query = FeedQuery.From(context.Request, FromNow);
        var grant = context.Features.Get<LiveStreamGrant>();
        if (grant is not null) query = query.Within(grant);
        var resumeFrom = long.TryParse(context.Request.Headers["Last-Event-ID"].ToString(), out var lastSeen) && lastSeen >= 0 ? lastSeen : (long?)null;
        var after = resumeFrom ?? (query.After == FromNow ? null : query.After);

        using var slot = slots.TryTake(context.User);
        if (slot is null)
        {
            await Problems.TooManyRequests(context, TimeSpan.FromSeconds(10), "Too many live streams.",
                $"A credential may hold {slots.Cap} live streams open at once. Close one, or reconnect later with Last-Event-ID.");
            return;
        }

        // The stream ends when the client goes away, when the service stops, or when the token it was opened with
        // expires (a token must not keep its key's stream open for longer than it was made for), whichever comes first.
        using var expiry = grant is null ? null : new CancellationTokenSource(Until(grant.Expires, clock), clock);
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping,
            expiry?.Token ?? CancellationToken.None);
        var stream = new LiveStream(context.Response, feed, source, options.Value, ending.Token);
        try
        {
            await stream.Send(after, query);
        }
        catch (OperationCanceledException) when (ending.IsCancellationRequested)
        {
        }
        if (expiry is { IsCancellationRequested: true } && !context.RequestAborted.IsCancellationRequested)
            await context.Response.WriteAsync(": token expired; make a new one and reconnect with Last-Event-ID\n\n", context.RequestAborted);
    }

    private static TimeSpan Until(DateTimeOffset moment, TimeProvider clock) =>
        TimeSpan.FromTicks(Math.Max(0, (moment - clock.GetUtcNow()).Ticks));
}
