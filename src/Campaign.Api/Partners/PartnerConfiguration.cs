using Campaign.Partners.Feed;
using Campaign.Partners.Feed.Tokens;
using Campaign.Partners.Webhooks;
using Campaign.Partners.Webhooks.Delivering;
using Campaign.Infrastructure.Settings;
using Wolverine;

namespace Campaign.Partners;

public static class PartnerConfiguration
{
    public static IServiceCollection AddPartners(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<PartnerCloudEvents>();
        services.AddSingleton<EventFeed>();
        services.AddSettings<LiveFeedOptions>("Partners");
        services.AddSingleton<LiveStreamSlots>();
        services.AddSingleton<LiveStreamTokens>();
        services.AddSingleton<LiveFeedSource>();
        services.AddHostedService(provider => provider.GetRequiredService<LiveFeedSource>());
        services.AddSingleton<WebhookAddress>();
        services.AddSingleton<WebhookSender>();
        services.AddSettings<WebhookOptions>("Webhooks");
        WebhookSender.Register(services);
        services.AddSingleton<SweptTurns>();
        services.AddSingularAgent<WebhookSweep>();
        return services;
    }

    /// <summary>
    /// Deliveries run on one durable local queue, one message at a time: its messages survive a restart in PostgreSQL,
    /// and no subscription is delivered by two handlers at once.
    /// </summary>
    public static void UseWebhookDelivery(this WolverineOptions options)
    {
        options.PublishMessage<DeliverWebhooks>().ToLocalQueue("webhooks");
        options.LocalQueue("webhooks").UseDurableInbox().Sequential();
    }
}
