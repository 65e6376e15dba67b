using Alba;
using Campaign.Access;
using Campaign.Access.Keys;
using Campaign.Campaigns.IssuingStatements;
using Campaign.Operations;
using Campaign.Tests.Support;
using JasperFx;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Operations;

/// <summary>
/// Two nodes on one database with the default settings (and short session limits, which the leader's advisory-lock
/// session must outlive): one runs the projections and subscriptions, the other takes over when it stops.
/// </summary>
public sealed class TwoNodeTests : IAsyncLifetime
{
    private sealed record Node(IAlbaHost Host, LogCapture Logs)
    {
        public string RunningAgents => string.Join(", ", Host.Services.GetRequiredService<Marten.Events.Daemon.Coordination.IProjectionCoordinator>()
            .DaemonForMainDatabase().CurrentAgents().Where(a => a.Status == AgentStatus.Running).Select(a => a.Name.Identity).Order());
    }

    /// <summary>The campaign view, the audit chain, the public events the feed serves and the webhook relay.</summary>
    private const string Everything = "CampaignView:All, EventChain:All, PublicEvents:All, webhooks:All";

    private readonly List<Node> nodes = [];
    private string connectionString = "";

    public async Task InitializeAsync()
    {
        await using (var first = await DedicatedHost.Start("_nodes", new Dictionary<string, string> { ["Projections:Daemon"] = "Disabled" }))
            connectionString = first.ConnectionString; // an empty database of their own
    }

    public async Task DisposeAsync()
    {
        foreach (var node in nodes) await node.Host.DisposeAsync();
    }

    private async Task<Node> Start()
    {
        JasperFxEnvironment.AutoStartHost = true;
        var logs = new LogCapture();
        var host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:Marten", connectionString);
            builder.UseSetting("Confidentiality:MasterKey", AppFixture.MasterKey);
            builder.UseSetting("Database:IdleInTransactionTimeout", "00:00:01");
            builder.UseSetting("Database:StatementTimeout", "00:00:02");
            builder.ConfigureLogging(logging => logging.AddProvider(logs));
        });
        nodes.Add(new Node(host, logs));
        return nodes[^1];
    }

    private static IssueStatement Statement(string organisation) => new(Jan22, organisation, null, null, "Free them.", null, Report);

    [Fact]
    public async Task Only_one_node_runs_the_projections_and_the_other_takes_over_when_it_stops()
    {
        var (a, b) = (await Start(), await Start());
        var key = (await a.Host.Services.GetRequiredService<KeyIssuer>().Issue("staff@nodes.test", Role.Staff, "tests", null, "test")).Key;
        var (viaA, viaB) = (new Api(a.Host, key), new Api(b.Host, key));
        var campaign = await viaA.LaunchCampaign();

        var last = 0L;
        for (var i = 0; i < 6; i++)
            last = (await (i % 2 == 0 ? viaA : viaB).Post($"/api/campaigns/{campaign}/statements", Statement($"Organisation {i}"))).Sequence;

        Assert.Equal(6, (await viaB.Campaign(campaign, last)).Statements.Count);
        Assert.Equal(6, (await viaA.Campaign(campaign, last)).Statements.Count);
        await Eventually.Holds(LockHeldPastLimits, TimeSpan.FromSeconds(10), "the leader's advisory-lock session outliving the session limits");
        var (leader, follower) = a.RunningAgents == Everything ? (a, b) : (b, a);
        Assert.Equal((Everything, ""), (leader.RunningAgents, follower.RunningAgents));

        await leader.Host.StopAsync();
        var viaFollower = new Api(follower.Host, key);
        var after = (await viaFollower.Post($"/api/campaigns/{campaign}/statements", Statement("After the leader stopped"))).Sequence;

        await Eventually.Holds(async () => follower.RunningAgents == Everything
            && (await viaFollower.Get<Campaign.Campaigns.CampaignView>($"/api/campaigns/{campaign}")).Statements.Count == 7,
            TimeSpan.FromSeconds(30), "the other node taking over");
        Assert.True((await viaFollower.Campaign(campaign, after)).Version >= after);
        Assert.DoesNotContain(a.Logs.Lines.Concat(b.Logs.Lines), line => line.Contains("OutOfOrder") || line.Contains("Lost advisory-lock"));
    }

    private async Task<bool> LockHeldPastLimits()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            select count(*) from pg_locks l join pg_stat_activity s on s.pid = l.pid
            where l.locktype = 'advisory' and l.granted and s.datname = current_database()
              and clock_timestamp() - s.backend_start > interval '3 seconds'
            """, connection);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }
}

public sealed class SoloDaemonWarningTests
{
    [Theory]
    [InlineData("Solo", true)]
    [InlineData(null, false)]
    [InlineData("Disabled", false)]
    public async Task Only_a_solo_daemon_warns_at_start_that_it_must_be_alone_on_its_database(string? mode, bool warns)
    {
        var logs = new LogCapture();
        using var loggers = new LoggerFactory([logs]);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Projections:Daemon"] = mode }).Build();

        await new SoloDaemonWarning(configuration, loggers.CreateLogger<SoloDaemonWarning>()).StartAsync(CancellationToken.None);

        Assert.Equal(warns, logs.Lines.Any(line => line.StartsWith("Warning") && line.Contains("Solo") && line.Contains("Disabled")));
    }
}
