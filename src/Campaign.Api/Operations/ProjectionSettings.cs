using Campaign.Infrastructure.Settings;

namespace Campaign.Operations;

/// <summary>
/// The <c>Projections</c> settings, as <see cref="ProjectionDaemon"/> reads them when the event store is set up;
/// bound here only to be checked at start-up.
/// </summary>
public sealed class ProjectionSettings
{
    public DaemonRole Daemon { get; set; } = DaemonRole.Distributed;
    [AboveZero] public TimeSpan StaleSequenceThreshold { get; set; } = TimeSpan.FromSeconds(3);
    [AboveZero] public TimeSpan SkipLiveGapsAfter { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>The <c>Cluster</c> settings, as <see cref="Cluster"/> reads them when Wolverine is set up; bound here only to be checked at start-up.</summary>
public sealed class ClusterSettings : System.ComponentModel.DataAnnotations.IValidatableObject
{
    [AboveZero] public TimeSpan HeartbeatInterval { get; set; } = Cluster.DefaultHeartbeatInterval;
    [AboveZero] public TimeSpan NodeLostAfter { get; set; } = Cluster.DefaultNodeLostAfter;

    public IEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> Validate(System.ComponentModel.DataAnnotations.ValidationContext context)
    {
        if (NodeLostAfter < 3 * HeartbeatInterval)
            yield return new("must be at least three heartbeat intervals, or a node only slow for a moment is taken for dead", [nameof(NodeLostAfter)]);
    }
}
