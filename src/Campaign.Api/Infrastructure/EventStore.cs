using Campaign.Access.Keys;
using Campaign.Access.Members;
using Campaign.Auditing.Chain;
using Campaign.Auditing.Views;
using Campaign.Campaigns;
using Campaign.Confidentiality;
using Campaign.Defendants;
using Campaign.Infrastructure.Reading;
using Campaign.Infrastructure.Writing;
using Campaign.Operations;
using Campaign.Partners.Contracts;
using Campaign.Partners.Feed;
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
            .RunAsyncWork(configuration)
            .AddProjectionWithServices<PublicEventsProjection>(ProjectionLifecycle.Async, ServiceLifetime.Singleton, PublicEventsProjection.Configure)
            .SubscribeToEvents(new WebhookRelay())
            .AddSubscriptionWithServices<ChainKeeper>(ServiceLifetime.Singleton);
        services.AddHostedService<SoloDaemonWarning>();
        return services;
    }

    /// <summary>The store's documents, events and projections; the service adds the daemon and its subscriptions.</summary>
    public static void Configure(StoreOptions options, string connectionString)
    {
        options.Connection(WithStatementReuse(connectionString));
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
        options.Events.AddEventType<Alerts.Settings.AlertSettingsChanged>();
        options.Schema.For<Alerts.Checking.DeadlineCheck>();

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
        options.Schema.For<Campaigns.ImportingDevelopments.ImportedFile>();
        options.Schema.For<ApiKey>().Index(k => k.Owner);
        options.Schema.For<PersonalDataKey>();
        options.Schema.For<WebhookSubscription>().Index(s => s.Owner).Index(s => s.Status);
        options.Schema.For<WebhookCursor>();
        options.Schema.For<ChainLink>();
        options.Schema.For<ChainCheckpoint>();
        options.Schema.For<WebhookDelivery>().Index(d => d.SubscriptionId);
        options.Schema.For<Membership>().Index(m => m.Member).Index(m => m.CampaignId);
        options.Storage.ExtendedSchemaObjects.Add(PublicEventsTable.Definition(options.DatabaseSchemaName, options.Events.DatabaseSchemaName));
        options.Storage.Add(new Lz4Compression(options, typeof(Defendant), typeof(DefendantView), typeof(CampaignView)));
        Projections.WriteViewsInBatchesOnRebuild(options.Projections);
    }

    /// <summary>
    /// <c>ConnectionStrings:Marten</c>, else a <c>DATABASE_URL</c> such as <c>postgres://user:password@host:5432/db</c>;
    /// with the service's <see cref="SessionLimits"/>.
    /// </summary>
    public static string ConnectionString(IConfiguration configuration) => SessionLimits.Apply(Given(configuration), configuration);

    /// <summary>
    /// Npgsql prepares a statement once a connection has run it twice (at most 100 per connection), unless the
    /// connection string says otherwise. A connection with prepared statements is then reset, when returned to the pool,
    /// without <c>DISCARD ALL</c> (which would deallocate them and throw away every cached plan, those of Marten's
    /// PL/pgSQL functions included) but still with <c>pg_advisory_unlock_all()</c>, <c>RESET ALL</c> and
    /// <c>UNLISTEN *</c>: an advisory lock a path forgot to release never outlives its checkout. For that reason
    /// <c>No Reset On Close</c> stays off, and multiplexing too (session locks need a connection of their own).
    /// After DDL that changes the columns a prepared statement returns, its next run on each connection fails once
    /// (<c>0A000 cached plan must not change result type</c>) and Npgsql prepares it again.
    /// </summary>
    public static string WithStatementReuse(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        bool IsGiven(string keyword) => given.Keys.Cast<string>().Any(k => k.Replace(" ", "").Equals(keyword, StringComparison.OrdinalIgnoreCase));

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!IsGiven(nameof(builder.MaxAutoPrepare))) builder.MaxAutoPrepare = 100;
        if (!IsGiven(nameof(builder.AutoPrepareMinUsages))) builder.AutoPrepareMinUsages = 2;
        return builder.ConnectionString;
    }

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
