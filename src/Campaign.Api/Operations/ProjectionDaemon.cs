using JasperFx.Events.Daemon;
using Marten.Events.Projections;

namespace Campaign.Operations;

/// <summary>
/// How the async daemon (the campaign view, the webhook relay, the audit chain and the feed's high-water mark) runs.
/// By default <see cref="DaemonMode.HotCold"/>: the nodes on one database elect a leader with a PostgreSQL advisory
/// lock, only the leader runs the daemon, and another node takes over when it stops.
/// </summary>
public static class ProjectionDaemon
{
    public static DaemonMode Mode(IConfiguration configuration) => configuration.GetValue("Projections:Daemon", DaemonMode.HotCold);

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
        if (ProjectionDaemon.Mode(configuration) == DaemonMode.Solo)
            logger.LogWarning(
                "Projections:Daemon is Solo: this node runs every projection and subscription (campaign view, webhooks, audit chain) " +
                "without leader election. Any other node on the same database must run with Projections:Daemon=Disabled, or both " +
                "run them at once (a stream of ProgressionProgressOutOfOrderException). Leave the setting unset (HotCold) to run several nodes.");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
