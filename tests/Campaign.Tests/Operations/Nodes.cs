using Alba;
using Campaign.Access;
using Campaign.Tests.Support;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wolverine.Runtime;

namespace Campaign.Tests.Operations;

/// <summary>A node of the service: a host of its own, on the database the others share, with its log.</summary>
public sealed record Node(string Name, IAlbaHost Host, LogCapture Logs)
{
    /// <summary>The async work this node runs now: the projections and subscriptions, the webhook sweep and housekeeping.</summary>
    public IReadOnlyList<string> Work => Host.Services.GetRequiredService<IWolverineRuntime>().Agents.AllRunningAgentUris()
        .Where(uri => Nodes.WorkSchemes.Contains(uri.Scheme)).Select(Nodes.WorkName).Order().ToList();

    public bool Listening => Host.Services.GetRequiredService<AccessChangeListener>().Listening;
}

/// <summary>
/// Nodes of the service on one database of their own (emptied first), with the default settings apart from short
/// session limits, which Wolverine's leadership session must outlive.
/// </summary>
public sealed class Nodes : IAsyncDisposable
{
    public static readonly string[] WorkSchemes = ["event-subscriptions", "housekeeping", "webhook-sweep"];

    /// <summary>The campaign view, the audit chain, the public events the feed serves, the webhook relay, the sweep, housekeeping.</summary>
    public static readonly string[] AllWork =
        ["campaignview:all", "eventchain:all", "housekeeping", "publicevents:all", "webhook-sweep", "webhooks:all"];

    private readonly List<Node> running = [];
    private string connectionString = "";

    public IReadOnlyList<Node> Running => running;

    public static string WorkName(Uri uri) => uri.Scheme == "event-subscriptions"
        ? string.Join(':', uri.Segments.TakeLast(2).Select(s => s.Trim('/'))).ToLowerInvariant()
        : uri.Scheme;

    public static async Task<Nodes> OnEmptyDatabase(string databaseSuffix)
    {
        var nodes = new Nodes();
        await using (var first = await DedicatedHost.Start(databaseSuffix, new Dictionary<string, string>
               {
                   ["Projections:Daemon"] = "Disabled", ["Confidentiality:MasterKey"] = AppFixture.MasterKey,
               }))
            nodes.connectionString = first.ConnectionString;
        return nodes;
    }

    public async Task<Node> Start(string name)
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
        running.Add(new Node(name, host, logs));
        return running[^1];
    }

    public async Task Stop(Node node)
    {
        running.Remove(node);
        stopped.Add(node);
        await node.Host.StopAsync();
        await node.Host.DisposeAsync();
    }

    private readonly List<Node> stopped = [];

    /// <summary>Every log line of every node, stopped or running.</summary>
    public IEnumerable<string> LogLines => running.Concat(stopped).SelectMany(n => n.Logs.Lines);

    /// <summary>Each piece of work, on how many running nodes it runs now.</summary>
    public Dictionary<string, int> Placement() =>
        running.SelectMany(n => n.Work).GroupBy(w => w).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Every piece of work runs, each on exactly one node.</summary>
    public bool EachWorkOnExactlyOneNode()
    {
        var placement = Placement();
        return AllWork.All(w => placement.GetValueOrDefault(w) == 1) && placement.Count == AllWork.Length;
    }

    public string Describe() => string.Join("; ", running.Select(n => $"{n.Name}: {string.Join(", ", n.Work)}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in running) await node.Host.DisposeAsync();
    }
}
