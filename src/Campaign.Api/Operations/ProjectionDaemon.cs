using JasperFx.Events.Daemon;
using Marten;
using Marten.Events.Projections;
using Wolverine.Marten;

namespace Campaign.Operations;

/// <summary>How a node takes part in the async work: the setting <c>Projections:Daemon</c>.</summary>
public enum DaemonRole
{
    /// <summary>
    /// The default: every node is equal, and Wolverine's leader shares the projections and subscriptions among the live
    /// nodes, one node each (<see cref="Cluster"/>).
    /// </summary>
    Distributed,

    /// <summary>The name of <see cref="Distributed"/> in earlier versions, when one elected node ran all of it.</summary>
    HotCold = Distributed,

    /// <summary>This node runs every projection and subscription itself, with no election: only for a single node.</summary>
    Solo,

    /// <summary>This node never runs a projection or subscription (the others on its database do).</summary>
    Disabled,
}

/// <summary>
/// How the async daemon's work (the campaign view, the public events the feed serves, the audit chain and the webhook
/// relay) runs on the nodes sharing one database.
/// </summary>
public static class ProjectionDaemon
{
    public static DaemonRole Role(IConfiguration configuration) => configuration.GetValue("Projections:Daemon", DaemonRole.Distributed);

    /// <summary>
    /// Distributed: Wolverine's agents run each projection and subscription on one live node (Marten's own daemon
    /// is then externally managed: the two must never be combined, or they compete for the shards). Solo and Disabled:
    /// Marten's daemon, alone on this node or off.
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression RunAsyncWork(
        this MartenServiceCollectionExtensions.MartenConfigurationExpression marten, IConfiguration configuration) =>
        Role(configuration) switch
        {
            DaemonRole.Distributed => marten.IntegrateWithWolverine(w => w.UseWolverineManagedEventSubscriptionDistribution = true),
            DaemonRole.Solo => marten.AddAsyncDaemon(DaemonMode.Solo).IntegrateWithWolverine(),
            _ => marten.AddAsyncDaemon(DaemonMode.Disabled).IntegrateWithWolverine(),
        };

    /// <summary>
    /// Bounds how long a gap in the event sequence holds every consumer back. A gap left by a transaction that has
    /// ended (rolled back, or killed by <see cref="SessionLimits"/>) is passed after about twice
    /// <c>Projections:StaleSequenceThreshold</c> (3 s). While a transaction that may still fill the gap is alive,
    /// the daemon waits for it, but no longer than <c>Projections:SkipLiveGapsAfter</c> (60 s, above the service's
    /// own session limits, so that only a transaction from outside the service can be passed over this way). What such a
    /// transaction commits afterwards lies below every consumer's position: never fed, projected or chained, and counted
    /// as missed by the progress report (<see cref="Progress.ProgressReport.MissedEvents"/>).
    /// </summary>
    public static void BoundGaps(ProjectionOptions projections, IConfiguration configuration)
    {
        projections.StaleSequenceThreshold = configuration.GetValue("Projections:StaleSequenceThreshold", TimeSpan.FromSeconds(3));
        projections.SkipStaleGapsDespiteLiveTransactionsAfter = configuration.GetValue("Projections:SkipLiveGapsAfter", TimeSpan.FromSeconds(60));
    }
}

/// <summary>Says loudly, at start-up, that a <c>Solo</c> daemon must be the only one on its database.</summary>
public sealed class SoloDaemonWarning(IConfiguration configuration, ILogger<SoloDaemonWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        if (ProjectionDaemon.Role(configuration) == DaemonRole.Solo)
            logger.LogWarning(
                "Projections:Daemon is Solo: this node runs every projection and subscription (campaign view, webhooks, audit chain) " +
                "without asking the other nodes. Any other node on the same database must run with Projections:Daemon=Disabled, or " +
                "both run them at once (a stream of ProgressionProgressOutOfOrderException). Leave the setting unset (Distributed) " +
                "to run several nodes: they then share the work.");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
