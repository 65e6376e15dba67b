using System.Diagnostics;
using Campaign.Access;
using Campaign.Access.Keys;
using Campaign.Campaigns.IssuingStatements;
using Campaign.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Operations;

/// <summary>
/// Identical nodes on one database share the async work, each piece on exactly one node: nodes that join a busy one
/// take a share of its work, a stopped node's share moves to the others within the documented bound, and no shard's
/// progress is ever written by two nodes (no out-of-order progression in any log).
/// </summary>
public sealed class ClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The longest a stopped or lost node's work may wait for another node (docs/operations.md).</summary>
    private static readonly TimeSpan TakeoverBound = TimeSpan.FromSeconds(30);

    private Nodes nodes = null!;
    private readonly List<string> doubles = [];

    public async Task InitializeAsync() => nodes = await Nodes.OnEmptyDatabase("_cluster");

    public async Task DisposeAsync() => await nodes.DisposeAsync();

    [Fact]
    public async Task Nodes_share_the_work_hand_it_over_when_one_stops_and_take_a_share_when_they_join()
    {
        var a = await nodes.Start("a");
        var key = (await a.Host.Services.GetRequiredService<KeyIssuer>().Issue("admin@cluster.test", Role.Admin, "tests", null, "test")).Key;
        var campaign = await new Api(a.Host, key).LaunchCampaign();
        var written = 0;
        async Task Write(Node via, Node readVia)
        {
            var sequence = (await new Api(via.Host, key).Post($"/api/campaigns/{campaign}/statements",
                new IssueStatement(Jan22, $"Organisation {++written}", null, null, "Free them.", null, Report))).Sequence;
            Assert.Equal(written, (await new Api(readVia.Host, key).Campaign(campaign, sequence)).Statements.Count);
        }
        await Settled("a started alone");
        Assert.Equal(Nodes.AllWork, a.Work);

        var (b, c) = (await nodes.Start("b"), await nodes.Start("c"));
        await Eventually.Holds(() => Observe() && a.Work.Count < Nodes.AllWork.Length, TakeoverBound, $"a handing work over: {nodes.Describe()}");
        await Settled("b and c joined");
        Assert.True(nodes.Running.Count(n => n.Work.Count > 0) >= 2, $"the work shared: {nodes.Describe()}");
        await Write(b, c);

        foreach (var stopping in new[] { "the busiest", "another" })
        {
            var busiest = nodes.Running.MaxBy(n => n.Work.Count)!;
            var clock = Stopwatch.StartNew();
            await nodes.Stop(busiest);
            await Settled($"{stopping} ({busiest.Name}) stopped");
            output.WriteLine($"{busiest.Name}'s work ran elsewhere after {clock.Elapsed.TotalSeconds:0.0} s");
            await Write(nodes.Running[0], nodes.Running[^1]);
        }

        var last = nodes.Running.Single();
        Assert.Equal(Nodes.AllWork, last.Work);
        var d = await nodes.Start("d");
        await Eventually.Holds(() => Observe() && d.Work.Count > 0, TakeoverBound, $"d given a share: {nodes.Describe()}");
        await Settled("d joined");
        await Write(d, last);

        Assert.Empty(doubles);
        Assert.DoesNotContain(nodes.LogLines, line => line.Contains("OutOfOrder"));
    }

    /// <summary>Waits until every piece of work runs on exactly one node, noting any seen on two nodes meanwhile.</summary>
    private async Task Settled(string after)
    {
        await Eventually.Holds(() => Observe() && nodes.EachWorkOnExactlyOneNode(), TakeoverBound,
            $"each piece of work on exactly one node after {after}: {nodes.Describe()}");
        output.WriteLine($"After {after}: {nodes.Describe()}");
    }

    private bool Observe()
    {
        doubles.AddRange(nodes.Placement().Where(p => p.Value > 1).Select(p => $"{p.Key} on {p.Value} nodes: {nodes.Describe()}"));
        return true;
    }
}
