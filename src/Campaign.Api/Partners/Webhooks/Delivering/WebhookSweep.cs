using System.Collections.Concurrent;
using Campaign.Operations;
using Campaign.Partners.Feed;
using Marten;
using Microsoft.Extensions.Options;
using Wolverine;

namespace Campaign.Partners.Webhooks.Delivering;

/// <summary>
/// The turns this node's sweep queued that have not started yet: while one waits, the sweep adds no other for that
/// subscription, unless it has waited longer than <see cref="LostAfter"/> sweep intervals (it was lost, e.g. its
/// message failed for good), so that a lost turn does not hold a subscription back until the node restarts.
/// </summary>
public sealed class SweptTurns
{
    public const int LostAfter = 6;

    private readonly ConcurrentDictionary<Guid, DateTimeOffset> waiting = new();

    public bool TryQueue(Guid subscription, DateTimeOffset now, TimeSpan interval)
    {
        if (waiting.TryAdd(subscription, now)) return true;
        return waiting.TryGetValue(subscription, out var queuedAt) && now - queuedAt > LostAfter * interval
            && waiting.TryUpdate(subscription, now, queuedAt);
    }

    public void Started(Guid subscription) => waiting.TryRemove(subscription, out _);
}

/// <summary>
/// Keeps delivery going with no new write. At start-up it queues a turn for every active subscription (the service may
/// have stopped mid-delivery); then, every <see cref="WebhookOptions.SweepInterval"/>, one for each active subscription
/// whose retry is due, or that is still behind the events already known at the previous sweep. So delivery resumes by
/// itself after a database outage, or whenever a turn was lost. It runs on one node of the cluster, and starts afresh
/// on another when that node is lost: its first sweep there resumes every subscription.
/// </summary>
public sealed class WebhookSweep(IDocumentStore store, EventFeed feed, SweptTurns swept, IServiceProvider services,
    IOptions<WebhookOptions> options, TimeProvider clock, IHostApplicationLifetime lifetime, ILogger<WebhookSweep> logger)
    : OneNodeWork("webhook-sweep")
{
    protected override async Task Run(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        await using var _ = lifetime.ApplicationStarted.Register(started.SetResult);
        await started.Task.WaitAsync(stoppingToken);

        var known = long.MaxValue; // the first sweep resumes every active subscription
        var failing = false;
        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
        do
        {
            try
            {
                known = await Sweep(known, stoppingToken);
                if (failing) logger.LogInformation("The webhook sweep runs again.");
                failing = false;
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                // Once per failure, not at every interval (during a database outage, every few seconds).
                if (!failing) logger.LogWarning(error, "The webhook sweep failed; it keeps trying every {Interval}.", options.Value.SweepInterval);
                failing = true;
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Queues the turns due; returns the high-water mark: what the next sweep expects to find delivered.</summary>
    private async Task<long> Sweep(long known, CancellationToken ct)
    {
        var highWater = await feed.HighWaterMark(ct);
        await using var session = store.QuerySession();
        var active = await WebhookSubscription.ActiveIds(session, ct);
        var cursors = (await session.LoadManyAsync<WebhookCursor>(ct, active)).ToDictionary(c => c.Id);
        var now = clock.GetUtcNow();
        using var scope = services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        foreach (var id in active.Where(id => IsDue(cursors.GetValueOrDefault(id), known, now) && swept.TryQueue(id, now, options.Value.SweepInterval)))
        {
            try
            {
                await bus.PublishAsync(new DeliverWebhooks(id));
            }
            catch
            {
                swept.Started(id);
                throw;
            }
        }
        return highWater;
    }

    private static bool IsDue(WebhookCursor? cursor, long known, DateTimeOffset now) =>
        cursor?.NextAttemptAt is { } next ? next <= now : (cursor?.DeliveredUpTo ?? 0) < known;
}
