using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Wolverine;
using Wolverine.Marten.Subscriptions;

namespace Campaign.Partners.Webhooks.Delivering;

/// <summary>
/// A Marten subscription, run in order by the async daemon: each new batch of events asks every active subscription
/// to deliver what is pending. The messages go out through Wolverine's outbox with the daemon's progress, so none is lost.
/// </summary>
public sealed class WebhookRelay() : BatchSubscription("webhooks")
{
    public override async Task ProcessEventsAsync(EventRange page, ISubscriptionController controller, IDocumentOperations operations,
        IMessageBus bus, CancellationToken cancellationToken)
    {
        foreach (var id in await WebhookSubscription.ActiveIds(operations, cancellationToken)) await bus.PublishAsync(new DeliverWebhooks(id));
    }
}
