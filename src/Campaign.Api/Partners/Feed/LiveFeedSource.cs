using Microsoft.Extensions.Options;

namespace Campaign.Partners.Feed;

/// <summary>
/// The one reader of new events on this node, for every open live stream: once per interval it reads how far the public
/// events are rendered, reads what is new below that once, frames it once and hands each stream what its filter
/// selects. The database sees one poller, however many streams are open.
/// </summary>
public sealed class LiveFeedSource(EventFeed feed, IOptions<LiveFeedOptions> options,
    TimeProvider clock, ILogger<LiveFeedSource> logger) : BackgroundService
{
    private readonly Lock gate = new();
    private readonly List<LiveListener> listeners = [];
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long position; // every event up to here has been handed to the listeners of the time
    private bool stopped;
    private bool failing;

    /// <summary>Completes once the source knows where the store stands.</summary>
    public Task Started => started.Task;

    /// <summary>
    /// Joins a stream that has been sent everything up to <paramref name="after"/> (null: up to now). Null when the
    /// source has already handed out events after it: the stream must first read them from the database.
    /// </summary>
    public LiveListener? TryJoin(long? after, FeedFilter filter)
    {
        lock (gate)
        {
            if (after < position) return null;
            var listener = new LiveListener(after ?? position, filter, options.Value.LiveBufferEvents);
            if (stopped) listener.End();
            else listeners.Add(listener);
            return listener;
        }
    }

    public void Leave(LiveListener listener)
    {
        lock (gate) listeners.Remove(listener);
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(options.Value.LivePollInterval, clock);
        try
        {
            do
            {
                await Advance(stopping);
            }
            while (await timer.WaitForNextTickAsync(stopping));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            lock (gate)
            {
                stopped = true;
                EndAll();
            }
        }
    }

    private async Task Advance(CancellationToken ct)
    {
        try
        {
            var ceiling = await feed.Rendered(ct);
            if (started.Task.IsCompleted) await HandOut(ceiling, ct);
            else
            {
                lock (gate) position = ceiling;
                started.SetResult();
            }
            if (failing) logger.LogInformation("The live feed reads new events again.");
            failing = false;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            if (!failing) logger.LogWarning(e, "The live feed cannot read new events; it keeps trying.");
            failing = true;
        }
    }

    /// <summary>Hands the events up to <paramref name="ceiling"/> to the listeners, a page at a time.</summary>
    private async Task HandOut(long ceiling, CancellationToken ct)
    {
        while (true)
        {
            long from;
            lock (gate)
            {
                if (ceiling < position)
                {
                    // The store was emptied (a restore, or tests): start again from it, and let every stream reconnect.
                    position = ceiling;
                    EndAll();
                }
                if (listeners.Count == 0) position = ceiling; // nobody listens: nothing to read
                if (position >= ceiling) return;
                from = position;
            }

            var page = await feed.Read(from, ceiling, EventFeed.MaxPage, new FeedFilter(), ct);
            var events = page.Events.Select(LiveEvent.Of).ToList();
            lock (gate)
            {
                position = page.Next;
                listeners.RemoveAll(listener => !listener.Offer(events));
            }
        }
    }

    private void EndAll()
    {
        foreach (var listener in listeners) listener.End();
        listeners.Clear();
    }
}
