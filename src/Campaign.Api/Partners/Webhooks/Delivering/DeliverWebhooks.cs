using Campaign.Infrastructure;
using Campaign.Partners.Feed;
using Marten;
using Microsoft.Extensions.Options;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace Campaign.Partners.Webhooks.Delivering;

/// <summary>"Deliver what is pending for this subscription": sent on every new batch of events, by the sweep, and as a scheduled retry.</summary>
public sealed record DeliverWebhooks(Guid SubscriptionId);

/// <summary>
/// Delivers a subscription's pending events one by one, in order, from its cursor, moving the cursor only past what
/// the receiver acknowledged: at least once, never out of order. A failure stops the run and schedules the next
/// attempt with exponential backoff; after a day of failures, or on 410 Gone, the subscription is disabled.
/// Handled on a sequential, durable local queue; a PostgreSQL advisory lock per subscription keeps two nodes from
/// delivering the same subscription at once (the one that finds it taken leaves it to the other). A turn that fails
/// because the database is away is retried until it is back; the sweep catches whatever else stalls.
/// </summary>
public static class DeliverWebhooksHandler
{
    private const int PageSize = 100;

    // The cursor and the delivery log are saved every so many deliveries, not after each: a crash may then deliver up
    // to this many events again (at least once), for far fewer round trips per event.
    private const int SaveEvery = 20;

    /// <summary>Retried at once a few times, then rescheduled for ever with backoff: a turn is never dead-lettered for an outage.</summary>
    public static void Configure(HandlerChain chain) =>
        chain.OnException(DatabaseUnavailable.Caused, "the database is unreachable")
            .RetryWithCooldown(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5))
            .Then.ScheduleRetryIndefinitely(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30));

    public static async Task Handle(DeliverWebhooks message, IDocumentStore store, EventFeed feed, PartnerCloudEvents cloudEvents,
        WebhookSender sender, IMessageBus bus, SweptTurns swept, IOptions<WebhookOptions> options, TimeProvider clock,
        IConfiguration configuration, CancellationToken ct)
    {
        swept.Started(message.SubscriptionId);
        await using var turn = await DeliveryTurn.Take(message.SubscriptionId, configuration, ct);
        if (turn is null) return;
        await using var session = store.LightweightSession();
        var subscription = await session.LoadAsync<WebhookSubscription>(message.SubscriptionId, ct);
        if (subscription?.Status != SubscriptionStatus.Active) return;
        var cursor = await session.LoadAsync<WebhookCursor>(subscription.Id, ct) ?? new WebhookCursor { Id = subscription.Id };
        if (cursor.NextAttemptAt > clock.GetUtcNow()) return; // a retry is already scheduled for then

        var page = await feed.ReadStored(cursor.DeliveredUpTo, PageSize, subscription.Filter, ct);
        var delivered = 0;
        foreach (var e in page.Events)
        {
            if (cloudEvents.ToCloudEvent(e) is not { } cloudEvent) continue;
            var result = await sender.Send(subscription, cloudEvent, ct);
            session.Insert(new WebhookDelivery
            {
                SubscriptionId = subscription.Id, Position = e.Sequence, EventId = e.Id, EventType = cloudEvent.Type!,
                AttemptedAt = clock.GetUtcNow(), StatusCode = result.StatusCode, Succeeded = result.Succeeded, Error = result.Error,
                DurationMs = result.DurationMs,
            });
            if (!result.Succeeded)
            {
                await Failed(subscription, cursor, result, session, bus, options.Value, clock, ct);
                return;
            }
            cursor.Succeeded(e.Sequence);
            if (++delivered % SaveEvery == 0)
            {
                session.Store(cursor);
                await session.SaveChangesAsync(ct);
            }
        }

        cursor.Succeeded(page.Next); // what the page skipped is not for this subscription
        session.Store(cursor);
        await session.SaveChangesAsync(ct);
        if (page.Events.Count == PageSize) await bus.PublishAsync(message);
    }

    private static async Task Failed(WebhookSubscription subscription, WebhookCursor cursor, DeliveryResult result, IDocumentSession session,
        IMessageBus bus, WebhookOptions options, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        cursor.ConsecutiveFailures++;
        cursor.FailingSince ??= now;
        cursor.LastError = result.Error;
        if (result.Gone || now - cursor.FailingSince > options.GiveUpAfter)
        {
            subscription.Status = SubscriptionStatus.Disabled;
            subscription.DisabledReason = result.Gone
                ? "The receiver answered 410 Gone."
                : $"Deliveries failed for more than {options.GiveUpAfter.TotalHours:0} hours; last error: {result.Error}";
            cursor.NextAttemptAt = null;
            session.Store(subscription);
        }
        else
        {
            var delay = options.RetryDelay(cursor.ConsecutiveFailures);
            cursor.NextAttemptAt = now + delay;
            await bus.ScheduleAsync(new DeliverWebhooks(subscription.Id), delay);
        }
        session.Store(cursor);
        await session.SaveChangesAsync(ct);
    }
}
