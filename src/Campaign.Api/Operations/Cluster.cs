using Wolverine;

namespace Campaign.Operations;

/// <summary>
/// The nodes on one database form one Wolverine cluster (durability mode Balanced; the node and assignment tables live
/// in PostgreSQL). Every node writes a heartbeat every <c>Cluster:HeartbeatInterval</c> (2 s). One node holds
/// Wolverine's leadership (a PostgreSQL advisory lock, freed the moment its session ends) and, at each heartbeat,
/// assigns every agent — each projection and subscription, the webhook sweep and housekeeping — to exactly one live
/// node, spreading them evenly (a node that joins takes work from any node above its even share). A node stopped cleanly hands its agents back at once; a node
/// whose heartbeat is older than <c>Cluster:NodeLostAfter</c> (15 s) is taken for dead and its agents are assigned
/// to the others at the leader's next heartbeat. So a crashed node's work resumes elsewhere within about
/// NodeLostAfter + 2 × HeartbeatInterval (about 20 s by default, under 30 s), a cleanly stopped one's within a few seconds.
/// </summary>
public static class Cluster
{
    public static readonly TimeSpan DefaultHeartbeatInterval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan DefaultNodeLostAfter = TimeSpan.FromSeconds(15);

    public static void JoinCluster(this WolverineOptions options, IConfiguration configuration)
    {
        var durability = options.Durability;
        durability.Mode = DurabilityMode.Balanced;
        durability.HealthCheckPollingTime = configuration.GetValue("Cluster:HeartbeatInterval", DefaultHeartbeatInterval);
        durability.FirstHealthCheckExecution = durability.HealthCheckPollingTime;
        // Well above the heartbeat, so that a node that is only slow for a moment (a long pause, a loaded database) is
        // not taken for dead while it still runs its agents.
        durability.StaleNodeTimeout = configuration.GetValue("Cluster:NodeLostAfter", DefaultNodeLostAfter);
    }
}
