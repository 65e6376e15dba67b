using Npgsql;

namespace Campaign.Tests.Faults;

/// <summary>Which node runs which work, as Wolverine records it in its own table.</summary>
public sealed partial class FaultCluster
{
    /// <summary>The async work the nodes share (Wolverine's agents), by the scheme of its agent's address.</summary>
    public static readonly string[] WorkSchemes = ["event-subscriptions", "housekeeping", "webhook-sweep"];

    /// <summary>
    /// Each piece of that work, by a part of its agent's address: the campaign view, the audit chain, the public events the
    /// feed serves, the webhook relay, housekeeping and the webhook sweep.
    /// </summary>
    public static readonly string[] Work = ["/campaignview/all", "/eventchain/all", "/publicevents/all", "/webhooks/all", "housekeeping:", "webhook-sweep:"];

    /// <summary>Which node runs each piece of work now, as Wolverine records it (agent address, node id).</summary>
    public async Task<List<(string Work, Guid Node)>> Assignments()
    {
        await using var connection = await Postgres.Open();
        await using var command = new NpgsqlCommand("select id, node_id from wolverine_node_assignments", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var assignments = new List<(string, Guid)>();
        while (await reader.ReadAsync()) assignments.Add((reader.GetString(0), reader.GetGuid(1)));
        return assignments;
    }

    /// <summary>The work assigned to <paramref name="node"/>.</summary>
    public async Task<List<string>> WorkOf(NodeProcess node) =>
        [.. (await Assignments()).Where(a => a.Node == node.WolverineId && IsWork(a.Work)).Select(a => a.Work)];

    /// <summary>Every piece of work is assigned to a running node (Wolverine records one node for each).</summary>
    public async Task<bool> AllWorkOnRunningNodes()
    {
        var running = Running.Select(n => n.WolverineId).ToHashSet();
        var assigned = (await Assignments()).Where(a => running.Contains(a.Node)).Select(a => a.Work).ToList();
        return Work.All(work => assigned.Any(agent => agent.Contains(work, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>The node Wolverine's leadership agent runs on (it assigns the work to the others).</summary>
    public async Task<NodeProcess?> Leader()
    {
        var leader = (await Assignments()).FirstOrDefault(a => a.Work.StartsWith("wolverine://leader"));
        return Running.FirstOrDefault(n => n.WolverineId == leader.Node);
    }

    public async Task<NodeProcess?> RunnerOf(string work)
    {
        var assigned = (await Assignments()).FirstOrDefault(a => a.Work.Contains(work, StringComparison.OrdinalIgnoreCase));
        return Running.FirstOrDefault(n => n.WolverineId == assigned.Node);
    }

    private static bool IsWork(string agent) => WorkSchemes.Any(scheme => agent.StartsWith(scheme + "://"));
}
