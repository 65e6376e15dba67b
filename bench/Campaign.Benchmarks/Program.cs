using System.Diagnostics;
using System.Text.Json;
using Campaign.Access;
using Campaign.Access.Keys;
using Campaign.Benchmarks;
using Campaign.Campaigns;
using Campaign.Defendants;
using Campaign.Defendants.RecordingDetention;
using Campaign.Defendants.Registering;
using Campaign.Developments;
using Campaign.Infrastructure;
using Marten;
using Npgsql;

// Measures the service's hot paths against raw PostgreSQL on the same database, in the same run, and writes
// docs/performance.md. Run with deploy/bench.sh [--quick].
var quick = args.Contains("--quick");
var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Marten") ?? throw new InvalidOperationException("Run deploy/bench.sh.");
var (smallStore, largeStore) = quick ? (20_000, 100_000) : (100_000, 1_000_000);
var appends = quick ? 3_000 : 20_000;
var started = Stopwatch.StartNew();
var figures = new List<Figure>();
var atSize = new List<double[]>();
void Report(Figure figure)
{
    figures.Add(figure);
    Console.WriteLine($"  {figure.Name}: {figure.Value:N1} {figure.Unit}" + (figure.Ratio is { } r ? $" ({r:0.00} × {figure.Baseline})" : ""));
}

using var store = DocumentStore.For(options => EventStore.Configure(options, connectionString));
Console.WriteLine($"Resetting the benchmark database ({(quick ? "quick" : "full")} run)...");
await store.Advanced.ResetAllData();
await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

var source = new Source(null, "Benchmark wire", new DateOnly(2026, 1, 22));
var detention = new RecordDetention(new DateOnly(2025, 11, 13), "Almaty region", "Police", source);
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
var detentionJson = JsonSerializer.Serialize(detention, json);
var payload = store.Options.Serializer().ToJson(new DetentionRecorded(Guid.NewGuid(), Guid.NewGuid(), detention.OccurredOn, detention.Place,
    detention.Authority, CustodyStatus.PoliceCustody, source));

Console.WriteLine("Baselines (raw Npgsql, same payloads):");
var raw = new Baselines(connectionString, payload);
await raw.Prepare();
var singleRow = await raw.SingleRowInserts(appends);
Report(new("Raw single-row INSERT, 8 connections", singleRow, "rows/s"));
var multiRow = await raw.MultiRowInserts(quick ? 100 : 500);
Report(new("Raw multi-row INSERT of 100", multiRow, "rows/s"));
Report(new("Raw binary COPY", await raw.BinaryCopy(quick ? 50_000 : 200_000), "rows/s"));

// Marten alone, before the service (and its daemon) starts: what the event store costs by itself.
var alone = new List<Guid>();
await using (var session = store.LightweightSession())
{
    var campaign = Guid.CreateVersion7();
    for (var i = 0; i < appends / 12; i++)
    {
        var id = Guid.CreateVersion7();
        session.Events.StartStream<DefendantView>(id, new DefendantRegistered(id, campaign, $"Defendant {i}", null));
        alone.Add(id);
    }
    await session.SaveChangesAsync();
}
async Task AppendThroughMarten(Guid defendantId)
{
    await using var session = store.LightweightSession();
    var stream = await session.Events.FetchForWriting<DefendantView>(defendantId);
    var defendant = stream.Aggregate!;
    stream.AppendOne(new DetentionRecorded(defendant.Id, defendant.CampaignId,
        detention.OccurredOn, detention.Place, detention.Authority, CustodyStatus.PoliceCustody, source));
    await session.SaveChangesAsync();
}
var martenAlone = await Measure.Rate(appends, 8, (_, i) => AppendThroughMarten(alone[i % alone.Count]));
Report(new("Marten append alone, 1 event per transaction, 8 writers", martenAlone, "events/s", "raw single-row INSERT", martenAlone / singleRow, "0.35"));

async Task<string> Key(Role role)
{
    var (record, key) = ApiKey.Issue($"bench-{role}", role, "benchmark", null, "benchmark", DateTimeOffset.UtcNow);
    await using var session = store.LightweightSession();
    session.Insert(record);
    await session.SaveChangesAsync();
    return key;
}
var (staffKey, partnerKey, auditorKey, adminKey) = (await Key(Role.Staff), await Key(Role.Partner), await Key(Role.Auditor), await Key(Role.Admin));

await using (var service = await Service.Start(connectionString))
{
    var staff = new Client(service.Address, staffKey);
    async Task<Guid> Launch() => (await staff.Post("/api/campaigns", """{"name":"Benchmark","country":"Kazakhstan"}""")).GetProperty("id").GetGuid();
    async Task<List<Guid>> Register(Guid campaign, int count)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
            ids.Add((await staff.Post($"/api/campaigns/{campaign}/defendants", $$"""{"displayName":"Defendant {{i}}"}""")).GetProperty("id").GetGuid());
        return ids;
    }

    // Cases as they come: campaigns of 20 defendants, each append to one of many defendants, a dozen developments each.
    async Task<List<Guid>> Cases(int defendants)
    {
        var ids = new List<Guid>();
        while (ids.Count < defendants) ids.AddRange(await Register(await Launch(), Math.Min(20, defendants - ids.Count)));
        return ids;
    }
    Console.WriteLine("Appending:");
    var defendantCount = appends / 12;
    var viaHttp = await Cases(defendantCount);
    var viaMarten = await Cases(defendantCount);
    var latencies = new Latencies();
    var httpRate = await Measure.Rate(appends, 8, (_, i) => staff.Post($"/api/defendants/{viaHttp[i % viaHttp.Count]}/detentions", detentionJson), latencies);
    // The same, with the service running beside it: its daemon folds these events too, as it does the HTTP ones.
    var martenRate = await Measure.Rate(appends, 8, (_, i) => AppendThroughMarten(viaMarten[i % viaMarten.Count]));
    Report(new("Marten append beside the running service", martenRate, "events/s"));
    Report(new("HTTP append, 1 development per request, 8 clients", httpRate, "events/s", "Marten append", httpRate / martenRate, "0.8"));
    Report(new("HTTP append latency p50", latencies.Percentile(50), "ms"));
    Report(new("HTTP append latency p99", latencies.Percentile(99), "ms"));

    // Trials of 19 defendants, each told about ten developments at once.
    var trials = new List<(Guid Campaign, string Body)>();
    for (var t = 0; t < (quick ? 3 : 20); t++)
    {
        var trial = await Launch();
        trials.Add((trial, JsonSerializer.Serialize(new { defendantIds = await Register(trial, 19), detention }, json)));
    }
    var bulkRate = 19 * await Measure.Rate(trials.Count * 10, 1, (_, i) => staff.Post($"/api/campaigns/{trials[i % trials.Count].Campaign}/developments", trials[i % trials.Count].Body));
    Report(new("Bulk development for 19 defendants", bulkRate, "events/s", "raw multi-row INSERT", bulkRate / multiRow, "0.4"));

    Console.WriteLine("View freshness at 70% of the maximum HTTP append rate:");
    var fresh = await Cases(defendantCount);
    var (freshness, keptUp, freshLatencies) = await Freshness.Measure(staff, fresh, detentionJson, 0.7 * httpRate, TimeSpan.FromSeconds(quick ? 8 : 30), connectionString);
    Report(new("Campaign view freshness p50", freshness.Percentile(50), "ms"));
    Report(new("Campaign view freshness p99", freshness.Percentile(99), "ms", "1000 ms", 1000 / Math.Max(1, freshness.Percentile(99)), "1"));
    Report(new("HTTP append latency p99 at 70% load", freshLatencies.Percentile(99), "ms", "50 ms", 50 / Math.Max(1, freshLatencies.Percentile(99)), "1"));
    Report(new("Async daemon kept up at 70% load", keptUp ? 1 : 0, "yes = 1"));

    Console.WriteLine("Time travel and webhooks:");
    var long1000 = viaMarten[0];
    await using (var session = store.LightweightSession())
    {
        var defendant = (await session.LoadAsync<DefendantView>(long1000))!;
        var events = Enumerable.Range(0, 1000 - (int)defendant.Version).Select(_ => new DetentionRecorded(defendant.Id, defendant.CampaignId,
            detention.OccurredOn, detention.Place, detention.Authority, CustodyStatus.PoliceCustody, source)).ToArray();
        session.Events.Append(long1000, events);
        await session.SaveChangesAsync();
    }
    var auditor = new Client(service.Address, auditorKey);
    var travel = new Latencies();
    await Measure.Rate(20, 1, (_, _) => auditor.Get($"/api/defendants/{long1000}?version=1000"), travel);
    Report(new("Time travel of a defendant with 1,000 events (median)", travel.Percentile(50), "ms"));

    await using var receiver = await Receiver.Start();
    var partner = new Client(service.Address, partnerKey);
    var deliveries = quick ? 500 : 3_000;
    var nextPosition = await Scalar<long>(connectionString, "select coalesce(max(seq_id), 0) + 1 from mt_events");
    await partner.Post("/api/subscriptions", JsonSerializer.Serialize(new { url = receiver.Url, fromPosition = nextPosition }, json));
    var clock = Stopwatch.StartNew();
    await Measure.Rate(deliveries, 8, (_, i) => staff.Post($"/api/defendants/{viaHttp[i % viaHttp.Count]}/detentions", detentionJson));
    while (receiver.Received < deliveries && clock.Elapsed < TimeSpan.FromMinutes(5)) await Task.Delay(20);
    Report(new("Webhook delivery to a local receiver", receiver.Received / clock.Elapsed.TotalSeconds, "events/s"));
    Report(new("Service peak memory (appends)", service.PeakMemoryMiB(), "MiB"));
}

foreach (var size in new[] { smallStore, largeStore })
{
    Console.WriteLine($"With {size:N0} events in the store:");
    await Seed.To(connectionString, size);
    var selectRate = await raw.OrderedSelect(parse: true);
    Report(new($"Raw ordered SELECT + JSON parse @{size:N0}", selectRate, "events/s"));
    var rebuild = await Rebuild.All(store);
    Report(new($"Rebuild of every view @{size:N0}", rebuild, "events/s", "raw ordered SELECT + parse", rebuild / selectRate, "0.3"));

    // The service's daemon first hashes every new event into the audit chain; measure once it has caught up.
    var unchained = await Scalar<long>(connectionString,
        "select (select max(seq_id) from mt_events) - coalesce((select last_seq_id from mt_event_progression where name = 'EventChain:All'), 0)");
    await using var service = await Service.Start(connectionString);
    var (_, catchUp) = await Measure.Time(() => DaemonCaughtUp(connectionString));
    if (unchained >= 1_000)
        Report(new($"Audit chain catch-up on start @{size:N0} ({unchained:N0} events to chain)", unchained / catchUp.TotalSeconds, "events/s"));
    var partner = new Client(service.Address, partnerKey);
    var total = await Scalar<long>(connectionString, "select count(*) from mt_events");
    var (read, elapsed) = await Measure.Time(async () =>
    {
        long after = 0, count = 0;
        while (count < total)
        {
            var page = await partner.Get($"/api/feed?after={after}&limit=1000");
            count += page.GetProperty("events").GetArrayLength();
            if (page.GetProperty("next").GetInt64() == after) await Task.Delay(50); // the high-water mark has not reached the end yet
            after = page.GetProperty("next").GetInt64();
        }
        return count;
    });
    var feedRate = read / elapsed.TotalSeconds;
    Report(new($"Feed read by pages of 1,000 @{size:N0}", feedRate, "events/s", "raw ordered SELECT + parse", feedRate / selectRate, "0.5"));

    var admin = new Client(service.Address, adminKey);
    var defendants = await Seed.SomeDefendants(store, 400);
    var httpAppend = await Measure.Rate(quick ? 1_000 : 5_000, 8, (_, i) => admin.Post($"/api/defendants/{defendants[i % defendants.Count]}/detentions", detentionJson));
    Report(new($"HTTP append @{size:N0}", httpAppend, "events/s"));
    Report(new($"Service peak memory @{size:N0}", service.PeakMemoryMiB(), "MiB"));
    atSize.Add([rebuild, feedRate, httpAppend]);
}

string[] scaled = ["Rebuild of every view", "Feed read", "HTTP append"];
var changes = scaled.Select((name, i) => (name, atSize[0][i], atSize[1][i], "events/s")).ToList();
await PerformanceReport.Write(quick, started.Elapsed, figures, changes, await Scalar<string>(connectionString, "show server_version"), smallStore, largeStore);
Console.WriteLine($"Done in {started.Elapsed.TotalSeconds:0} s; written to docs/performance.md.");

static async Task<bool> DaemonCaughtUp(string connectionString)
{
    const string behind = """
        select count(*) from mt_event_progression
        where name in ('CampaignView:All', 'EventChain:All') and last_seq_id < (select coalesce(max(seq_id), 0) from mt_events)
        """;
    var deadline = DateTime.UtcNow.AddMinutes(10);
    while (await Scalar<long>(connectionString, behind) > 0 && DateTime.UtcNow < deadline) await Task.Delay(200);
    return true;
}

static async Task<T> Scalar<T>(string connectionString, string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    return (T)(await new NpgsqlCommand(sql, connection).ExecuteScalarAsync())!;
}
