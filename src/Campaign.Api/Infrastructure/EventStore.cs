using Campaign.Access.Keys;
using Campaign.Access.Members;
using Campaign.Auditing.Chain;
using Campaign.Campaigns;
using Campaign.Confidentiality;
using Campaign.Defendants;
using Campaign.Infrastructure.Reading;
using Campaign.Infrastructure.Writing;
using Campaign.Operations;
using Campaign.Partners.Contracts;
using Campaign.Partners.Webhooks;
using Campaign.Partners.Webhooks.Delivering;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;
using Weasel.Core;
using Wolverine.Marten;

namespace Campaign.Infrastructure;

public static class EventStore
{
    /// <summary>
    /// The event store. Its wire format is a contract for ever: System.Text.Json, camelCase fields,
    /// enums as their names. Every event carries correlation id, causation id, user name and headers.
    /// </summary>
    public static IServiceCollection AddCampaignEventStore(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = ConnectionString(configuration);
        services.AddMarten(options =>
            {
                Configure(options, connectionString);
                ProjectionDaemon.BoundGaps(options.Projections, configuration);
            })
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup()
            .AddAsyncDaemon(ProjectionDaemon.Mode(configuration))
            .IntegrateWithWolverine()
            .SubscribeToEvents(new WebhookRelay())
            .AddSubscriptionWithServices<ChainKeeper>(ServiceLifetime.Singleton);
        services.AddHostedService<SoloDaemonWarning>();
        return services;
    }

    /// <summary>The store's documents, events and projections; the service adds the daemon and its subscriptions.</summary>
    public static void Configure(StoreOptions options, string connectionString)
    {
        options.Connection(connectionString);
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase,
            json => json.TypeInfoResolver = ReadFromEventsAttribute.LeaveOut(json.TypeInfoResolver));
        options.Events.MetadataConfig.EnableAll(); // correlation id, causation id, headers
        options.Events.MetadataConfig.UserNameEnabled = true; // not part of EnableAll
        options.Events.EnableUniqueIndexOnEventId = true;
        // A writer that loses a race for a stream waits for the winner and fails before taking a sequence number, so
        // the race leaves no hole that would hold back every consumer of the events.
        options.Events.UseExclusiveLockOnConcurrentAppends = true;
        options.Events.TimeProvider = MicrosecondClock.Default;
        options.Events.AddEventTypes(PartnerEvent.Types.Keys); // every event is known before it is first appended or read

        // Read-your-writes and partners wait on the daemon: look for new events often (defaults: 250 ms and 1 s).
        options.Projections.FastPollingTime = TimeSpan.FromMilliseconds(50);
        options.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(250);
        options.Projections.Add(new DefendantProjection(), ProjectionLifecycle.Inline);
        options.Schema.For<Defendant>().Index(d => d.CampaignId); // a campaign's defendants, for the console's bulk form
        options.Projections.Add(new CampaignStateProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new DefendantViewProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new CampaignViewProjection(), ProjectionLifecycle.Async);
        options.Listeners.Add(new SealingGuard());
        options.Schema.For<IdempotentWrite>();
        options.Schema.For<ApiKey>().Index(k => k.Owner);
        options.Schema.For<PersonalDataKey>();
        options.Schema.For<WebhookSubscription>().Index(s => s.Owner).Index(s => s.Status);
        options.Schema.For<WebhookCursor>();
        options.Schema.For<ChainLink>();
        options.Schema.For<ChainCheckpoint>();
        options.Schema.For<WebhookDelivery>().Index(d => d.SubscriptionId);
        options.Schema.For<Membership>().Index(m => m.Member).Index(m => m.CampaignId);
    }

    /// <summary>
    /// <c>ConnectionStrings:Marten</c>, else a <c>DATABASE_URL</c> such as <c>postgres://user:password@host:5432/db</c>;
    /// with the service's <see cref="SessionLimits"/>.
    /// </summary>
    public static string ConnectionString(IConfiguration configuration) => SessionLimits.Apply(Given(configuration), configuration);

    private static string Given(IConfiguration configuration)
    {
        if (configuration.GetConnectionString("Marten") is { Length: > 0 } connectionString) return connectionString;
        if (configuration["DATABASE_URL"] is not { Length: > 0 } url)
            throw new InvalidOperationException(
                "No database: set ConnectionStrings__Marten or DATABASE_URL, or start the service with deploy/run.sh.");

        var uri = new Uri(url);
        var credentials = uri.UserInfo.Split(':', 2);
        return new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = uri.AbsolutePath.TrimStart('/'),
            Username = Uri.UnescapeDataString(credentials[0]),
            Password = credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : null,
        }.ConnectionString;
    }
}
