namespace Campaign.Partners.Feed;

/// <summary>One open live stream: it catches up from the database, then follows the node's shared source.</summary>
public sealed class LiveStream(HttpResponse response, EventFeed feed, LiveFeedSource source, LiveFeedOptions options, CancellationToken ct)
{
    public async Task Send(long? after, FeedQuery query)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        await Write(": connected\n\n");

        await source.Started.WaitAsync(ct);
        var listener = await CatchUp(after, query);
        try
        {
            await Follow(listener);
        }
        finally
        {
            source.Leave(listener);
        }
    }

    /// <summary>
    /// Reads from the database, in pages, what the shared source has already handed out, until the source can take
    /// over: both serve only up to where the public events are rendered, so nothing is skipped or sent twice at the seam.
    /// </summary>
    private async Task<LiveListener> CatchUp(long? after, FeedQuery query)
    {
        LiveListener? listener;
        while ((listener = source.TryJoin(after, query.Filter)) is null)
        {
            var page = await feed.Read(after!.Value, query.Limit, query.Filter, ct);
            foreach (var e in page.Events) await response.WriteAsync(LiveEvent.Of(e).Frame, ct);
            await response.Body.FlushAsync(ct);
            // The database behind the source means the store was emptied; the source notices on its next turn.
            if (page.Next == after) await Task.Delay(options.LivePollInterval, ct);
            after = page.Next;
        }
        return listener;
    }

    /// <summary>Sends what the shared source hands over, and a heartbeat after a quiet while, until the source ends the stream.</summary>
    private async Task Follow(LiveListener listener)
    {
        while (await Next(listener))
        {
            while (listener.Events.TryRead(out var e)) await response.WriteAsync(e.Frame, ct);
            await response.Body.FlushAsync(ct);
        }
        if (listener.TooSlow) await Write(": too far behind; reconnect with Last-Event-ID\n\n");
    }

    /// <summary>Waits for events, sending heartbeats meanwhile; false once there will be none.</summary>
    private async Task<bool> Next(LiveListener listener)
    {
        while (true)
        {
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(ct);
            quiet.CancelAfter(options.Heartbeat);
            try
            {
                return await listener.Events.WaitToReadAsync(quiet.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                await Write(": heartbeat\n\n");
            }
        }
    }

    private async Task Write(string text)
    {
        await response.WriteAsync(text, ct);
        await response.Body.FlushAsync(ct);
    }
}
