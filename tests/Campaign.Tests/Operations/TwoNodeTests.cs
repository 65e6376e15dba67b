using System.Net;
using Campaign.Access;
using Campaign.Access.Keys;
using Campaign.Access.Members.AddingMembers;
using Campaign.Campaigns.IssuingStatements;
using Campaign.Campaigns.Launching;
using Campaign.Operations;
using Campaign.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Operations;

/// <summary>
/// Two identical nodes on one database: each projection and subscription (and the webhook sweep and housekeeping) runs
/// on exactly one of them, the one that stops hands its work to the other, and a change to keys or memberships made on
/// one takes effect on the other at once.
/// </summary>
public sealed class TwoNodeTests : IAsyncLifetime
{
    private Nodes nodes = null!;

    public async Task InitializeAsync() => nodes = await Nodes.OnEmptyDatabase("_nodes");

    public async Task DisposeAsync() => await nodes.DisposeAsync();

    private static IssueStatement Statement(string organisation) => new(Jan22, organisation, null, null, "Free them.", null, Report);

    [Fact]
    public async Task Each_agent_runs_on_one_node_and_the_other_takes_over_when_it_stops()
    {
        var (a, b) = (await nodes.Start("a"), await nodes.Start("b"));
        var key = (await a.Host.Services.GetRequiredService<KeyIssuer>().Issue("staff@nodes.test", Role.Staff, "tests", null, "test")).Key;
        var (viaA, viaB) = (new Api(a.Host, key), new Api(b.Host, key));
        var campaign = await viaA.LaunchCampaign();

        var last = 0L;
        for (var i = 0; i < 6; i++)
            last = (await (i % 2 == 0 ? viaA : viaB).Post($"/api/campaigns/{campaign}/statements", Statement($"Organisation {i}"))).Sequence;

        Assert.Equal(6, (await viaB.Campaign(campaign, last)).Statements.Count);
        Assert.Equal(6, (await viaA.Campaign(campaign, last)).Statements.Count);
        await Eventually.Holds(nodes.EachWorkOnExactlyOneNode, TimeSpan.FromSeconds(30), "each piece of work on exactly one node");
        var busiest = a.Work.Count >= b.Work.Count ? a : b;
        var other = busiest == a ? b : a;

        await nodes.Stop(busiest);
        var viaOther = new Api(other.Host, key);
        var after = (await viaOther.Post($"/api/campaigns/{campaign}/statements", Statement("After a node stopped"))).Sequence;

        await Eventually.Holds(() => other.Work.SequenceEqual(Nodes.AllWork), TimeSpan.FromSeconds(30), "the other node taking over");
        Assert.Equal(7, (await viaOther.Campaign(campaign, after)).Statements.Count);
        Assert.DoesNotContain(nodes.LogLines, line => line.Contains("OutOfOrder"));
    }

    [Fact]
    public async Task A_key_revoked_on_one_node_is_refused_by_the_other_at_once()
    {
        var (a, b) = (await nodes.Start("a"), await nodes.Start("b"));
        var keys = a.Host.Services.GetRequiredService<KeyIssuer>();
        var admin = new Api(a.Host, (await keys.Issue("admin@nodes.test", Role.Admin, "tests", null, "test")).Key);
        var issued = await keys.Issue("auditor@nodes.test", Role.Auditor, "tests", null, "test");
        var onB = new Api(b.Host, issued.Key);
        await onB.Get<object>("/api/campaigns"); // b now remembers the key, for 5 seconds
        await Eventually.Holds(() => b.Listening, TimeSpan.FromSeconds(10), "b listening for changes");

        await admin.Delete($"/api/keys/{issued.Id}");

        await RefusedWithin(onB, "/api/campaigns", TimeSpan.FromSeconds(1), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_membership_ended_on_one_node_ends_on_the_other_at_once()
    {
        var (a, b) = (await nodes.Start("a"), await nodes.Start("b"));
        var keys = a.Host.Services.GetRequiredService<KeyIssuer>();
        var admin = new Api(a.Host, (await keys.Issue("admin@nodes.test", Role.Admin, "tests", null, "test")).Key);
        var staff = new Api(a.Host, (await keys.Issue("member@nodes.test", Role.Staff, "tests", null, "test")).Key);
        var launched = await staff.Post("/api/campaigns", new LaunchCampaign("Nodes", "Kazakhstan", null, null), 201);
        var (campaign, onB) = (launched.Id, staff.On(b.Host));
        await Eventually.Holds(() => b.Listening, TimeSpan.FromSeconds(10), "b listening for changes");
        await onB.Campaign(campaign, launched.Sequence); // b now remembers the membership, for 5 seconds

        await admin.Delete($"/api/campaigns/{campaign}/members/member@nodes.test");
        await RefusedWithin(onB, $"/api/campaigns/{campaign}", TimeSpan.FromSeconds(1), HttpStatusCode.Forbidden);

        await admin.Post<object>($"/api/campaigns/{campaign}/members", new AddMember("member@nodes.test"), 204);
        await Eventually.Holds(async () => (await onB.Client().GetAsync($"/api/campaigns/{campaign}")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(1), "the member let in again on b");
    }

    /// <summary>Far below the 5 seconds a node remembers a key and its memberships.</summary>
    private static async Task RefusedWithin(Api api, string url, TimeSpan within, HttpStatusCode refusal)
    {
        var statuses = new List<HttpStatusCode>();
        await Eventually.Holds(async () =>
        {
            statuses.Add((await api.Client().GetAsync(url)).StatusCode);
            return statuses[^1] != HttpStatusCode.OK;
        }, within, $"{url} refused");
        Assert.Equal(refusal, statuses[^1]);
    }
}

public sealed class SoloDaemonWarningTests
{
    [Theory]
    [InlineData("Solo", true)]
    [InlineData(null, false)]
    [InlineData("HotCold", false)]
    [InlineData("Disabled", false)]
    public async Task Only_a_solo_daemon_warns_at_start_that_it_must_be_alone_on_its_database(string? mode, bool warns)
    {
        var logs = new LogCapture();
        using var loggers = new LoggerFactory([logs]);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Projections:Daemon"] = mode }).Build();

        await new SoloDaemonWarning(configuration, loggers.CreateLogger<SoloDaemonWarning>()).StartAsync(CancellationToken.None);

        Assert.Equal(warns, logs.Lines.Any(line => line.StartsWith("Warning") && line.Contains("Solo") && line.Contains("Disabled") && line.Contains("Distributed")));
    }
}
