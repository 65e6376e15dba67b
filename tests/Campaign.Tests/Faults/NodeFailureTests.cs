using System.Diagnostics;
using System.Text.Json;
using Campaign.Tests.Support;
using Xunit.Abstractions;

namespace Campaign.Tests.Faults;

/// <summary>The fault tests run alone, after the others: they start processes and kill them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultCollection : ICollectionFixture<FaultCluster>
{
    public const string Name = "Faults";
}

/// <summary>
/// Three nodes behind HAProxy under the load of eight writers and a partner's webhook, while nodes and the database
/// are killed with SIGKILL: nothing acknowledged is lost, nothing is recorded twice, and the async work (the campaign
/// view, the audit chain, the public events and the webhook relay) resumes on the nodes left, by itself.
/// Each test prints its figures (also to the file CAMPAIGN_FAULTS_REPORT names, which deploy/test.sh shows).
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class NodeFailureTests(FaultCluster cluster, ITestOutputHelper output)
{
    /// <summary>
    /// A delivery turn saves its subscription's cursor every 20 acknowledged events (DeliverWebhooks.SaveEvery), so a
    /// turn cut off by a kill sends at most that many again, plus the one in flight.
    /// </summary>
    private const int RedeliveredPerDisruption = 21;

    private readonly Stopwatch started = Stopwatch.StartNew(); // xunit makes an instance per test

    [Fact]
    public async Task Killing_the_leader_and_then_the_node_running_the_campaign_view_loses_nothing_and_does_nothing_twice()
    {
        var load = await StartLoad("kill-node");
        var writers = load.Writers;
        var (moved, takeovers) = (new List<double>(), new List<double>());

        foreach (var victim in new[] { "leader", "campaignview" })
        {
            var node = victim == "leader" ? await cluster.Leader() : await cluster.RunnerOf(victim);
            Assert.True(node is not null, $"no running node is recorded as running {victim}");
            var (clock, killedAt) = (Stopwatch.StartNew(), DateTime.UtcNow);
            await cluster.Kill(node);

            await Eventually.Holds(cluster.AllWorkOnRunningNodes, TimeSpan.FromSeconds(120), $"the work of the killed {victim} node moving to the others");
            moved.Add(Math.Round(clock.Elapsed.TotalSeconds, 1));
            var after = await writers.AcknowledgedAfter(killedAt);
            takeovers.Add(await cluster.ConsumersReach(after.Sequence, clock));
            await cluster.StartNode(node.Port); // three nodes again
            await writers.AcknowledgedAfter(DateTime.UtcNow, 10);
        }

        await writers.Stop();
        await Check("kill -9 of the leader, then of the node running the campaign view", load, disruptions: 2,
            $"seconds from each kill until its work was assigned to the others: {string.Join(", ", moved)}, " +
            $"until every consumer had passed a write made after it: {string.Join(", ", takeovers)}");
    }

    [Fact]
    public async Task Killing_postgresql_under_load_every_node_recovers_by_itself()
    {
        var load = await StartLoad("kill-db");
        var writers = load.Writers;
        var nodes = cluster.Running.ToList();

        var clock = Stopwatch.StartNew();
        var retries = writers.Retries;
        await cluster.Postgres.Kill();
        await Eventually.Holds(() => writers.Retries > retries, TimeSpan.FromSeconds(60), "the writers finding the database gone");
        var down = clock.Elapsed.TotalSeconds;
        await cluster.Postgres.Start();
        var restartedAt = DateTime.UtcNow;

        var after = await writers.AcknowledgedAfter(restartedAt, 5);
        var writing = Math.Round(clock.Elapsed.TotalSeconds, 1);
        var consuming = await cluster.ConsumersReach(after.Sequence, clock);
        await Eventually.Holds(cluster.AllWorkOnRunningNodes, TimeSpan.FromSeconds(120), "the work assigned to the running nodes again");
        Assert.All(nodes, node => Assert.False(node.Exited, $"{node.Name} ended"));
        foreach (var node in nodes) // each of them, not only those HAProxy has taken back into its pool
            await Eventually.Holds(() => cluster.WritesThrough(node, writers.Campaigns[0], $"{writers.KeyPrefix(0)}{node.Name}"),
                TimeSpan.FromSeconds(60), $"{node.Name} itself recording again");

        await writers.Stop();
        // Two disruptions of a delivery turn: the kill, and a connection the node had pooled before the restart failing once.
        await Check("kill -9 of PostgreSQL, restarted at once", load, disruptions: 2,
            $"down for {down:0.0} s; seconds from the kill until writes were acknowledged again: {writing}, until every consumer had passed one: {consuming}");
    }

    [Fact]
    public async Task A_fourth_node_joining_under_load_takes_a_share_of_the_work_and_hands_it_back_when_it_stops()
    {
        var load = await StartLoad("fourth");
        var writers = load.Writers;

        var clock = Stopwatch.StartNew();
        var fourth = await cluster.StartNode(cluster.Ports[3]);
        List<string> itsWork = [];
        await Eventually.Holds(async () => (itsWork = await cluster.WorkOf(fourth)).Count > 0 && await cluster.AllWorkOnRunningNodes(),
            TimeSpan.FromSeconds(120), "the fourth node taking a share of the work");
        var joined = Math.Round(clock.Elapsed.TotalSeconds, 1);
        await writers.AcknowledgedAfter(DateTime.UtcNow, 10);

        clock.Restart();
        var stoppedAt = DateTime.UtcNow;
        await cluster.Stop(fourth);
        await Eventually.Holds(cluster.AllWorkOnRunningNodes, TimeSpan.FromSeconds(120), "the fourth node's work handed back");
        var handedBack = Math.Round(clock.Elapsed.TotalSeconds, 1);
        var after = await writers.AcknowledgedAfter(stoppedAt);
        var resumed = await cluster.ConsumersReach(after.Sequence, clock);

        await writers.Stop();
        Assert.DoesNotContain(cluster.LogLines, line => line.Contains("Detected duplicate agent"));
        await Check("a fourth node started, then stopped", load, disruptions: 2,
            $"the fourth node ran {string.Join(", ", itsWork)}; it took that share {joined} s after it was started, " +
            $"handed it back {handedBack} s after it was stopped, and every consumer had passed a later write {resumed} s after");
    }

    /// <summary>What a test's load began with: the writers, the last event then, HAProxy's counts then.</summary>
    private sealed record Load(Writers Writers, long From, (long Retried, long Redispatched) Resent);

    /// <summary>Eight writers on eight new campaigns, once they have 20 writes acknowledged.</summary>
    private async Task<Load> StartLoad(string scenario)
    {
        var (run, from, resent) = ($"{scenario}-{Guid.NewGuid().ToString()[..8]}", await cluster.LastPosition(), await cluster.Balancer.Resent());
        var writers = Writers.Start(cluster.Client, await cluster.Campaigns(run), run);
        await writers.AcknowledgedAfter(DateTime.MinValue, 20);
        return new(writers, from, resent);
    }

    /// <summary>Every acknowledged write recorded once, views, chain and webhooks complete; prints the figures.</summary>
    private async Task Check(string scenario, Load load, int disruptions, string timings)
    {
        var (writers, from) = (load.Writers, load.From);
        var resent = await cluster.Balancer.Resent();
        Assert.Empty(writers.Refused);
        Assert.Empty(writers.GaveUp);
        var acknowledged = writers.Acknowledged.ToList();
        var recorded = await cluster.Recorded(writers.Run);
        var lost = acknowledged.Count(a => !recorded.ContainsKey(a.Key));
        var duplicated = recorded.Count(r => r.Value.Count > 1);
        var elsewhere = acknowledged.Count(a => recorded.TryGetValue(a.Key, out var positions) && !positions.Contains(a.Sequence));

        await cluster.ConsumersReach(await cluster.LastPosition(), Stopwatch.StartNew());
        for (var w = 0; w < Writers.Count; w++)
        {
            using var view = await cluster.Read($"/api/campaigns/{writers.Campaigns[w]}");
            var statements = view.RootElement.GetProperty("statements").EnumerateArray().Select(s => s.GetProperty("organisation").GetString()!);
            Assert.Equal(recorded.Keys.Where(k => k.StartsWith(writers.KeyPrefix(w))).Order(), statements.Order());
        }
        using (var verify = await cluster.Read("/api/audit/verify"))
            Assert.Equal("intact", verify.RootElement.GetProperty("status").GetString());

        var expected = await cluster.PositionsAfter(from);
        await Eventually.Holds(() => cluster.Receiver.Acknowledged().Select(r => r.Sequence).ToHashSet().IsSupersetOf(expected),
            TimeSpan.FromSeconds(180), $"the webhook receiving the {expected.Count} events");
        var window = expected.ToHashSet();
        var firsts = cluster.Receiver.Acknowledged().Select(r => r.Sequence).Where(window.Contains).ToList();
        var reordered = firsts.Where((sequence, i) => i > 0 && sequence < firsts[..i].Max()).Count();
        var redelivered = cluster.Receiver.Requests.Count(r => r.AnsweredWith is >= 200 and < 300 && window.Contains(r.Sequence)) - firsts.Count;

        var figures = $"""
            {scenario}: {acknowledged.Count} writes acknowledged, lost {lost}, recorded twice {duplicated};
              sent again with the same key by the writers {writers.Retries} times; HAProxy: {resent.Retried - load.Resent.Retried} retries, {resent.Redispatched - load.Resent.Redispatched} requests sent to another node;
              {expected.Count} events delivered to the webhook, reordered {reordered}, delivered again {redelivered} (bound {disruptions * RedeliveredPerDisruption});
              {timings}; {started.Elapsed.TotalSeconds:0} s in all
            """;
        output.WriteLine(figures);
        if (Environment.GetEnvironmentVariable("CAMPAIGN_FAULTS_REPORT") is { Length: > 0 } report) await File.AppendAllTextAsync(report, figures + "\n");

        Assert.Equal((0, 0, 0), (lost, duplicated, elsewhere));
        Assert.Equal(0, reordered);
        Assert.InRange(redelivered, 0, disruptions * RedeliveredPerDisruption);
        Assert.DoesNotContain(cluster.LogLines, line => line.Contains("OutOfOrder"));
    }

}
