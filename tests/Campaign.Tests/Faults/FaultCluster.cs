using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Campaign.Tests.Support;

namespace Campaign.Tests.Faults;

/// <summary>
/// Three nodes of the service (processes, with the default settings) on a PostgreSQL cluster of their own, behind
/// HAProxy with deploy/haproxy.cfg, a fourth port kept free in its pool, and a partner's webhook receiving every event.
/// Each node's log is kept in <see cref="Logs"/>.
/// </summary>
public sealed partial class FaultCluster : IAsyncLifetime
{
    private readonly Dictionary<string, string> settings = new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Confidentiality__MasterKey"] = AppFixture.MasterKey,
        ["Audit__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Webhooks__AllowPrivateAddresses"] = "true",
        ["Limits__RequestsPerMinute"] = "1000000",
        ["Limits__UnauthenticatedRequestsPerMinute"] = "1000000",
        ["Network__KnownProxies"] = "127.0.0.1",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Wolverine"] = "Information",
        ["Logging__Console__FormatterName"] = "simple",
        ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
    };

    private readonly List<NodeProcess> everStarted = [];
    public List<NodeProcess> Running { get; } = [];
    public PostgresServer Postgres { get; private set; } = null!;
    public LoadBalancer Balancer { get; private set; } = null!;
    public WebhookReceiver Receiver { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public int[] Ports { get; } = [.. Enumerable.Range(0, 4).Select(_ => LoadBalancer.FreePort())];
    /// <summary>The nodes' logs of the last run, kept for a look after a failure.</summary>
    public string Logs { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Logs = $"/var/tmp/campaign-faults-{PostgresServer.ConfiguredPort}-logs";
        EndLeftovers();
        if (Directory.Exists(Logs)) Directory.Delete(Logs, recursive: true);
        Directory.CreateDirectory(Logs);
        Postgres = await PostgresServer.Create();
        settings["ConnectionStrings__Marten"] = Postgres.ConnectionString;
        await StartNode(Ports[0]); // alone first: it applies the schema to the empty database
        await Task.WhenAll(Ports[1..3].Select(StartNode));
        Balancer = await LoadBalancer.Start(Ports, Logs);
        Started(Balancer.Pid);
        Client = new HttpClient { BaseAddress = Balancer.Address };
        Client.DefaultRequestHeaders.Authorization = new("Bearer", await AdminKey());
        Receiver = await WebhookReceiver.Start();
        (await Client.PostAsJsonAsync("/api/subscriptions", new { url = Receiver.Url, description = "fault tests", fromPosition = 1 }))
            .EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        foreach (var node in Running) await node.Kill();
        if (Balancer is not null) await Balancer.DisposeAsync();
        if (Receiver is not null) await Receiver.DisposeAsync();
        await Postgres.DisposeAsync();
    }

    private string PidFile => Path.Combine(Logs, "pids");

    private void Started(int pid)
    {
        lock (everStarted) File.AppendAllLines(PidFile, [pid.ToString()]);
    }

    /// <summary>Ends the nodes and HAProxy an earlier run started and could not end (its test host was killed).</summary>
    private void EndLeftovers()
    {
        if (!File.Exists(PidFile)) return;
        foreach (var pid in File.ReadAllLines(PidFile).Select(int.Parse))
        {
            try
            {
                var command = File.ReadAllText($"/proc/{pid}/cmdline");
                if (command.Contains("Campaign.Api.dll") || command.Contains("haproxy")) Signals.Kill(pid);
            }
            catch (IOException)
            {
                // long gone
            }
        }
    }

    /// <summary>Starts a node on <paramref name="port"/>, once it answers and has joined the cluster.</summary>
    public async Task<NodeProcess> StartNode(int port)
    {
        var node = NodeProcess.Start($"node-{port}-{everStarted.Count + 1}", port, settings, Logs);
        lock (everStarted) everStarted.Add(node);
        Started(node.Pid);
        using var direct = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.Holds(async () =>
        {
            if (node.Exited) throw new InvalidOperationException($"{node.Name} ended at start; see {Logs}");
            try
            {
                return node.WolverineId is not null && (await direct.GetAsync("/health")).IsSuccessStatusCode;
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, TimeSpan.FromMinutes(3), $"{node.Name} to start and join the cluster");
        lock (Running) Running.Add(node);
        return node;
    }

    public async Task Kill(NodeProcess node)
    {
        lock (Running) Running.Remove(node);
        await node.Kill();
    }

    public async Task Stop(NodeProcess node)
    {
        lock (Running) Running.Remove(node);
        await node.Stop(TimeSpan.FromSeconds(60));
    }

    /// <summary>Every line any node has logged, the stopped and killed ones' too.</summary>
    public IEnumerable<string> LogLines => everStarted.ToList().SelectMany(n => n.Log);

    /// <summary>
    /// A read through the load balancer, sent again after a 5xx or no answer as a client would (after a database restart,
    /// each connection a node had pooled fails once, with a 503).
    /// </summary>
    public async Task<JsonDocument> Read(string url)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            TimeSpan pause;
            try
            {
                using var response = await Client.GetAsync(url);
                if (response.IsSuccessStatusCode || (int)response.StatusCode < 500 || DateTime.UtcNow > deadline)
                    return JsonDocument.Parse(await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync());
                pause = response.Headers.RetryAfter?.Delta is { } told && told < TimeSpan.FromSeconds(2) ? told : TimeSpan.FromSeconds(1);
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                pause = TimeSpan.FromSeconds(1);
            }
            await Task.Delay(pause);
        }
    }

    /// <summary>The position of each consumer of the events (the progress report), through the load balancer.</summary>
    public async Task<Dictionary<string, long>> Positions()
    {
        using var report = await Read("/api/operations/progress");
        return report.RootElement.GetProperty("consumers").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("position").GetInt64());
    }

    public static readonly string[] Consumers = ["CampaignView:All", "EventChain:All", "PublicEvents:All", "webhooks:All"];

    /// <summary>Waits until every consumer (campaign view, chain, public events, webhook relay) has reached <paramref name="sequence"/>; the seconds since <paramref name="since"/>.</summary>
    public async Task<double> ConsumersReach(long sequence, Stopwatch since, int withinSeconds = 180)
    {
        await Eventually.Holds(async () =>
        {
            try
            {
                var positions = await Positions();
                return Consumers.All(c => positions.GetValueOrDefault(c) >= sequence);
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(withinSeconds), $"every consumer at {sequence} or beyond (logs in {Logs})");
        return Math.Round(since.Elapsed.TotalSeconds, 1);
    }

    /// <summary>Whether <paramref name="node"/> itself (not the load balancer) records a statement now.</summary>
    public async Task<bool> WritesThrough(NodeProcess node, Guid campaign, string key)
    {
        using var direct = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{node.Port}"), Timeout = TimeSpan.FromSeconds(30) };
        direct.DefaultRequestHeaders.Authorization = Client.DefaultRequestHeaders.Authorization;
        try
        {
            using var request = Writers.Statement(campaign, key);
            using var response = await direct.SendAsync(request);
            return response.IsSuccessStatusCode;
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>Eight campaigns for eight writers.</summary>
    public async Task<List<Guid>> Campaigns(string run)
    {
        var campaigns = new List<Guid>();
        for (var i = 0; i < Writers.Count; i++)
        {
            var response = await Client.PostAsJsonAsync("/api/campaigns", new { name = $"{run} {i}", country = "Kazakhstan" });
            response.EnsureSuccessStatusCode();
            campaigns.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }
        return campaigns;
    }

    /// <summary>An admin key, made by the service's own command line against the cluster's database.</summary>
    private async Task<string> AdminKey()
    {
        var start = new ProcessStartInfo("dotnet", [NodeProcess.Dll, "keys", "create", "--role", "admin", "--owner", "faults@tests"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(NodeProcess.Dll)!,
        };
        foreach (var (key, value) in settings) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var (output, errors) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        await process.WaitForExitAsync();
        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var shown = Array.FindIndex(lines, l => l.Contains("it is shown only now"));
        if (process.ExitCode != 0 || shown < 0) throw new InvalidOperationException($"keys create failed: {await output}{await errors}");
        return lines[shown + 1];
    }
}
