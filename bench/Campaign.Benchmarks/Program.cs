using System.Diagnostics;
using System.Text.Json;
using Campaign.Access;
using Campaign.Access.Keys;
using Campaign.Benchmarks;
using Campaign.Infrastructure;
using Marten;

// Measures the service's hot paths against raw PostgreSQL on the same database, in the same run, and writes
// docs/performance.md. Run with deploy/bench.sh [--quick]. Every figure is measured after a warm-up that is not
// counted, in trials of the same size in both modes; the quick run has fewer trials and smaller stores, nothing else.
var quick = args.Contains("--quick");
var trials = quick ? 3 : 5;
var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Marten") ?? throw new InvalidOperationException("Run deploy/bench.sh.");
var (smallStore, largeStore) = quick ? (20_000, 100_000) : (100_000, 1_000_000);
const int appends = 2_400, developmentsEach = 12; // a trial: cases as they come, a dozen developments per defendant
var started = Stopwatch.StartNew();
using var machineLoad = new MachineLoad();
var figures = new List<Figure>();
Trials Report(Figure figure)
{
    figures.Add(figure);
    var spread = figure.Value.Values.Count > 1
        ? $" [{PerformanceReport.Number(figure.Value.Min)}–{PerformanceReport.Number(figure.Value.Max)}, {figure.Value.Values.Count} trials]" : "";
    Console.WriteLine($"  {figure.Name}: {PerformanceReport.Number(figure.Value.Median)} {figure.Unit}{spread}" + (figure.Ratio is { } r ? $" ({r:0.00} × {figure.Baseline})" : ""));
    return figure.Value;
}

using var store = DocumentStore.For(options => EventStore.Configure(options, connectionString));
if (args.Contains("--rebuild-cost"))
{
    // The rebuild at the store's present size (a full run leaves 1,000,000 events), then at 100,000 seeded events.
    var cost = new CpuCost(connectionString, null);
    async Task Rebuilds()
    {
        var events = await Database.Scalar<long>(connectionString, "select count(*) from mt_events");
        for (var t = 0; t < 3; t++) await cost.Measure($"rebuild of every view @{events:N0}, per event", (int)events, () => Rebuild.All(store));
    }
    await Rebuilds();
    await store.Advanced.ResetAllData();
    await Seed.To(connectionString, 100_000);
    await Rebuilds();
    return;
}
Console.WriteLine($"Resetting the benchmark database ({(quick ? "quick" : "full")} run, {trials} trials per figure)...");
await store.Advanced.ResetAllData();
await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
var work = new Workload(store);
if (args.Contains("--document-sizes"))
{
    await using var service = await Service.Start(connectionString);
    await DocumentSizes.Measure(connectionString, store, new Staff(new Client(service.Address, await Key(Role.Staff)), work.DetentionJson), work);
    return;
}
if (args.Contains("--cpu-cost"))
{
    await MeasureCpuCost(await Key(Role.Staff));
    return;
}
if (args.Contains("--trace-round-trips"))
{
    await TraceRoundTrips(await Key(Role.Staff));
    return;
}

Console.WriteLine("Baselines (raw Npgsql, same payloads):");
var raw = new Baselines(connectionString, work.Payload, trials);
await raw.Prepare();
var singleRow = Report(new("Raw single-row INSERT, 8 connections", await raw.SingleRowInserts(), "rows/s"));
var multiRow = Report(new("Raw multi-row INSERT of 100", await raw.MultiRowInserts(), "rows/s"));
Report(new("Raw binary COPY", await raw.BinaryCopy(), "rows/s"));

// Marten alone, before the service (and its daemon) starts: what the event store costs by itself.
var martenAlone = await Measure.Trials(trials,
    async () => await work.AppendThroughMarten(store, await work.Register(store, 40), 200),
    async _ => await work.AppendThroughMarten(store, await work.Register(store, appends / developmentsEach), appends));
Report(Figure.Against("Marten append alone, 1 event per transaction, 8 writers", martenAlone, "events/s", "raw single-row INSERT", singleRow, "0.25"));

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
    var staff = new Staff(new Client(service.Address, staffKey), work.DetentionJson);

    Console.WriteLine("Appending:");
    var (viaHttp, viaMarten) = (new List<Guid>(), new List<Guid>());
    var (p50, p99) = (new List<double>(), new List<double>());
    var (http, marten) = await Measure.Pairs(trials,
        warmUp: async () =>
        {
            await staff.RecordDetentions(await staff.Cases(40), 200);
            await work.AppendThroughMarten(store, await staff.Cases(40), 200);
        },
        setUp: async _ =>
        {
            (viaHttp, viaMarten) = (await staff.Cases(appends / developmentsEach), await staff.Cases(appends / developmentsEach));
            await Database.DaemonCaughtUp(connectionString); // the registrations' campaign views are not part of what is measured
        },
        a: async _ =>
        {
            var latencies = new Latencies();
            var rate = await staff.RecordDetentions(viaHttp, appends, latencies);
            p50.Add(latencies.Percentile(50));
            p99.Add(latencies.Percentile(99));
            return rate;
        },
        // The same, with the service running beside it: its daemon folds these events too, as it does the HTTP ones.
        b: _ => work.AppendThroughMarten(store, viaMarten, appends));
    Report(new("Marten append beside the running service", marten, "events/s"));
    Report(Figure.Against("HTTP append, 1 development per request, 8 clients", http, "events/s", "Marten append", marten, "0.8"));
    Report(new("HTTP append latency p50", new Trials(p50), "ms"));
    Report(new("HTTP append latency p99", new Trials(p99), "ms"));

    // Trials of 8 campaigns of 19 defendants, each campaign told about ten developments at once.
    async Task<double> Bulk(int campaigns)
    {
        var bulkCases = await staff.BulkCases(campaigns, work.Detention);
        await Database.DaemonCaughtUp(connectionString);
        return 19 * await staff.RecordBulks(bulkCases);
    }
    var bulk = await Measure.Trials(trials, () => Bulk(1), _ => Bulk(8));
    Report(Figure.Against("Bulk development for 19 defendants", bulk, "events/s", "raw multi-row INSERT", multiRow, "0.1"));

    Console.WriteLine("View freshness at 70% of the maximum HTTP append rate:");
    var load = 0.7 * http.Median;
    async Task<(Latencies Freshness, bool KeptUp, Latencies Appends)> Load(TimeSpan length)
    {
        var defendants = await staff.Cases((int)(load * length.TotalSeconds / developmentsEach) + 1);
        await Database.DaemonCaughtUp(connectionString);
        return await Freshness.Measure(staff.Client, defendants, work.DetentionJson, load, length, connectionString);
    }
    var loads = await Measure.Repeat(trials, () => Load(TimeSpan.FromSeconds(2)), _ => Load(TimeSpan.FromSeconds(6)));
    Report(new("Campaign view freshness p50", new Trials(loads.Select(l => l.Freshness.Percentile(50)).ToList()), "ms"));
    var freshness = new Trials(loads.Select(l => l.Freshness.Percentile(99)).ToList());
    Report(new("Campaign view freshness p99", freshness, "ms", "1000 ms", 1000 / Math.Max(1, freshness.Median), "1"));
    var loaded = new Trials(loads.Select(l => l.Appends.Percentile(99)).ToList());
    Report(new("HTTP append latency p99 at 70% load", loaded, "ms", "50 ms", 50 / Math.Max(1, loaded.Median), "1"));
    Report(new("Async daemon kept up at 70% load", new Trials(loads.Select(l => l.KeptUp ? 1.0 : 0).ToList()), "yes = 1"));

    // Cases that have run for years: 1,000 developments, written through Marten for speed, then appended to over
    // HTTP like the fresh ones beside them. Each trial has new defendants of both kinds, 16 of each, 2 per client.
    Console.WriteLine("Appending to long cases and to fresh ones:");
    async Task<(List<Guid> Long, List<Guid> Fresh)> LongAndFresh(int each)
    {
        var campaign = await staff.Launch();
        var registered = await staff.Register(campaign, 2 * each);
        foreach (var id in registered.Take(each)) await work.AddHistory(store, id, campaign, 1_000);
        await Database.DaemonCaughtUp(connectionString);
        return (registered.GetRange(0, each), registered.GetRange(each, each));
    }
    var cases = new List<(List<Guid> Long, List<Guid> Fresh)>();
    var (toLong, toFresh) = await Measure.Pairs(trials,
        warmUp: async () =>
        {
            var (old, fresh) = await LongAndFresh(8);
            await staff.RecordDetentions(old, 64);
            await staff.RecordDetentions(fresh, 64);
        },
        setUp: async _ => cases.Add(await LongAndFresh(16)),
        a: t => staff.RecordDetentions(cases[t].Long, 640),
        b: t => staff.RecordDetentions(cases[t].Fresh, 640));
    Report(new("HTTP append to a fresh defendant, 16 of them, 8 clients", toFresh, "events/s"));
    Report(Figure.Against("HTTP append to a defendant with 1,000 developments, 16 of them, 8 clients", toLong, "events/s", "fresh defendant", toFresh, "0.8"));

    Console.WriteLine("Time travel and webhooks:");
    var auditor = new Client(service.Address, auditorKey);
    var longCase = cases[^1].Long[0];
    async Task<double> Travel(int reads)
    {
        var latencies = new Latencies();
        await Measure.Rate(reads, 1, (_, _) => auditor.Get($"/api/defendants/{longCase}?version=1000"), latencies);
        return latencies.Percentile(50);
    }
    Report(new("Time travel to version 1,000 of a defendant (median of 20 reads)", await Measure.Trials(trials, () => Travel(5), _ => Travel(20)), "ms"));

    // Defendants registered before subscribing, so that only the appends are delivered.
    var hooked = await staff.Cases((trials + 1) * 96);
    await Database.DaemonCaughtUp(connectionString);
    await using var receiver = await Receiver.Start();
    var partner = new Client(service.Address, partnerKey);
    var nextPosition = await Database.Scalar<long>(connectionString, "select coalesce(max(seq_id), 0) + 1 from mt_events");
    await partner.Post("/api/subscriptions", JsonSerializer.Serialize(new { url = receiver.Url, fromPosition = nextPosition }, Workload.Json));
    async Task<double> Deliver(int part, int count)
    {
        var expected = receiver.Received + count;
        var clock = Stopwatch.StartNew();
        await staff.RecordDetentions(hooked.GetRange(part * 96, 96), count);
        while (receiver.Received < expected && clock.Elapsed < TimeSpan.FromMinutes(5)) await Task.Delay(20);
        return (receiver.Received - (expected - count)) / clock.Elapsed.TotalSeconds;
    }
    Report(new("Webhook delivery to a local receiver", await Measure.Trials(trials, () => Deliver(0, 96), t => Deliver(t + 1, 960)), "events/s"));
    Report(new("Service peak memory (appends)", service.PeakMemoryMiB(), "MiB"));
}

Console.WriteLine("Round trips to PostgreSQL, counted by a proxy in front of it:");
await using (var proxy = PostgresProxy.Start(connectionString))
{
    void ReportCost(string operation, IReadOnlyList<WireCost> costs)
    {
        Report(new($"Round trips per {operation}", new Trials(costs.Select(c => c.RoundTrips).ToList()), "round trips"));
        Report(new($"Statements parsed per {operation}", new Trials(costs.Select(c => c.Parsed).ToList()), "statements"));
        Report(new($"Connection resets per {operation}", new Trials(costs.Select(c => c.Resets).ToList()), "resets"));
    }

    // Each warm-up is as large as a trial, so that the connection pools have grown before anything is counted.
    using var counted = DocumentStore.For(options => EventStore.Configure(options, proxy.ConnectionString));
    async Task<WireCost> MartenAppends(int defendants)
    {
        var ids = await work.Register(counted, defendants);
        return await RoundTrips.PerOperation(proxy, defendants * developmentsEach,
            () => work.AppendThroughMarten(counted, ids, defendants * developmentsEach));
    }
    ReportCost("Marten append", await Measure.Repeat(trials, () => MartenAppends(24), _ => MartenAppends(24)));

    // The service, with its daemon off, so that what is counted is what the requests send.
    await using var service = await Service.Start(proxy.ConnectionString, new() { ["Projections__Daemon"] = "Disabled" });
    var staff = new Staff(new Client(service.Address, staffKey), work.DetentionJson);
    async Task<WireCost> HttpAppends(int defendants)
    {
        var ids = await staff.Cases(defendants);
        return await RoundTrips.PerOperation(proxy, defendants * developmentsEach, () => staff.RecordDetentions(ids, defendants * developmentsEach));
    }
    ReportCost("HTTP append", await Measure.Repeat(trials, () => HttpAppends(24), _ => HttpAppends(24)));
    async Task<WireCost> Bulks(int campaigns)
    {
        var bulkCases = await staff.BulkCases(campaigns, work.Detention);
        return await RoundTrips.PerOperation(proxy, campaigns * 10, () => staff.RecordBulks(bulkCases));
    }
    ReportCost("bulk development of 19", await Measure.Repeat(trials, () => Bulks(1), _ => Bulks(2)));
}

// The stores hold seeded cases only, so that the two sizes differ in nothing but their size.
Console.WriteLine("Resetting the database for the store sizes...");
await store.Advanced.ResetAllData();
(partnerKey, adminKey) = (await Key(Role.Partner), await Key(Role.Admin));
var seeded = new Queue<Guid>();
List<Guid> Unused(int count) => Enumerable.Range(0, count).Select(_ => seeded.Dequeue()).ToList();
var atSize = new List<double[]>();
foreach (var size in new[] { smallStore, largeStore })
{
    Console.WriteLine($"With {size:N0} events in the store:");
    foreach (var id in await Seed.To(connectionString, size)) seeded.Enqueue(id);
    var select = Report(new($"Raw ordered SELECT + JSON parse @{size:N0}", await raw.OrderedSelect(), "events/s"));
    var rebuild = Report(Figure.Against($"Rebuild of every view @{size:N0}", await Measure.Trials(trials, () => Rebuild.All(store), _ => Rebuild.All(store)),
        "events/s", "raw ordered SELECT + parse", select, "0.15"));

    // The service's daemon first hashes every new event into the audit chain; measure once it has caught up.
    var unchained = await Database.Scalar<long>(connectionString,
        "select (select max(seq_id) from mt_events) - coalesce((select last_seq_id from mt_event_progression where name = 'EventChain:All'), 0)");
    await using var service = await Service.Start(connectionString);
    var (_, catchUp) = await Measure.Time(async () =>
    {
        await Database.DaemonCaughtUp(connectionString);
        return 0;
    });
    if (unchained >= 1_000)
        Report(new($"Audit chain catch-up on start @{size:N0} ({unchained:N0} events to chain)", unchained / catchUp.TotalSeconds, "events/s"));

    var partner = new Client(service.Address, partnerKey);
    await Database.DaemonCaughtUp(connectionString, "PublicEvents:All"); // the feed serves the events once they are rendered
    var total = await Database.Scalar<long>(connectionString, "select count(*) from mt_events");
    var feed = Report(Figure.Against($"Feed read by pages of 1,000 @{size:N0}", await Measure.Trials(trials, () => ReadFeed(partner, 10_000), _ => ReadFeed(partner, total)),
        "events/s", "raw ordered SELECT + parse", select, "0.5"));

    // Appends to seeded defendants of 25 events, new ones in every trial, with an admin key (they are in no one's campaigns).
    var admin = new Staff(new Client(service.Address, adminKey), work.DetentionJson);
    var append = Report(new($"HTTP append @{size:N0}",
        await Measure.Trials(trials, () => admin.RecordDetentions(Unused(40), 200), _ => admin.RecordDetentions(Unused(200), 1_000)), "events/s"));
    Report(new($"Service peak memory @{size:N0}", service.PeakMemoryMiB(), "MiB"));
    atSize.Add([rebuild.Median, feed.Median, append.Median]);
}

string[] scaled = ["Rebuild of every view", "Feed read", "HTTP append"];
var changes = scaled.Select((name, i) => (name, atSize[0][i], atSize[1][i], "events/s")).ToList();
await PerformanceReport.Write(quick, trials, started.Elapsed, figures, changes, await Database.Scalar<string>(connectionString, "show server_version"), smallStore, largeStore, machineLoad);
Console.WriteLine($"Load average: {machineLoad}.");
Console.WriteLine($"Done in {started.Elapsed.TotalSeconds:0} s; written to docs/performance.md.");

// The CPU time each kind of write costs the benchmark process, the service and PostgreSQL (nothing else is measured):
// with the service's async daemon off (the writes alone), then on (with the work the daemon does for each event).
async Task MeasureCpuCost(string staffKey)
{
    var raw = new Baselines(connectionString, work.Payload, 1);
    await raw.Prepare();
    await new CpuCost(connectionString, null).Measure("raw single-row INSERT, 8 connections (with its warm-up)", 11_000, () => raw.SingleRowInserts());
    await new CpuCost(connectionString, null).Measure("raw multi-row INSERT of 100, per row (with its warm-up)", 33_000, () => raw.MultiRowInserts());
    foreach (var daemon in new[] { false, true })
    {
        Console.WriteLine(daemon ? "With the async daemon on:" : "With the async daemon off:");
        await using var service = await Service.Start(connectionString, daemon ? null : new() { ["Projections__Daemon"] = "Disabled" });
        var cost = new CpuCost(connectionString, service);
        var staff = new Staff(new Client(service.Address, staffKey), work.DetentionJson);
        for (var round = 0; round < 2; round++)
        {
            var (viaMarten, viaHttp) = (await staff.Cases(appends / developmentsEach), await staff.Cases(appends / developmentsEach));
            var bulkCases = await staff.BulkCases(8, work.Detention);
            if (daemon) await Database.DaemonCaughtUp(connectionString);
            await work.AppendThroughMarten(store, await staff.Cases(40), 200);
            await staff.RecordDetentions(await staff.Cases(40), 200);
            await cost.Measure("Marten append, 8 writers", appends, () => work.AppendThroughMarten(store, viaMarten, appends));
            await cost.Measure("HTTP append, 8 clients", appends, () => staff.RecordDetentions(viaHttp, appends));
            await cost.Measure("bulk development of 19, per event", 80 * 19, () => staff.RecordBulks(bulkCases));
        }
    }
}

// What each round trip of an append and of a bulk development is, printed statement by statement (nothing measured).
async Task TraceRoundTrips(string staffKey)
{
    await using var proxy = PostgresProxy.Start(connectionString);
    using var counted = DocumentStore.For(options => EventStore.Configure(options, proxy.ConnectionString));
    await using var service = await Service.Start(proxy.ConnectionString, new() { ["Projections__Daemon"] = "Disabled" });
    var staff = new Staff(new Client(service.Address, staffKey), work.DetentionJson);
    var ids = await staff.Cases(2);
    var marten = await work.Register(counted, 8);
    var bulkCases = await staff.BulkCases(1, work.Detention);
    await staff.RecordDetentions(ids, 8); // prepared from here on
    await work.AppendThroughMarten(counted, marten, 16);
    await staff.RecordBulks(bulkCases);
    foreach (var (what, run) in new (string, Func<Task>)[]
             {
                 ("Marten append", () => work.AppendThroughMarten(counted, marten[0])),
                 ("HTTP append", () => staff.RecordDetentions(ids.Take(1).ToList(), 1)),
                 ("bulk development of 19", () => staff.Client.Post($"/api/campaigns/{bulkCases[0].Campaign}/developments", bulkCases[0].Body)),
             })
    {
        Console.WriteLine($"{what}:");
        await Task.Delay(500);
        proxy.Trace = line => Console.WriteLine("  " + line);
        await run();
        proxy.Trace = null;
    }
}

// The whole feed (or its first events), page after page, as a partner reads it; answers events per second.
static async Task<double> ReadFeed(Client partner, long events)
{
    var (read, elapsed) = await Measure.Time(async () =>
    {
        long after = 0, count = 0;
        while (count < events)
        {
            var page = await partner.Get($"/api/feed?after={after}&limit=1000");
            count += page.GetProperty("events").GetArrayLength();
            if (page.GetProperty("next").GetInt64() == after) await Task.Delay(50); // the high-water mark has not reached the end yet
            after = page.GetProperty("next").GetInt64();
        }
        return count;
    });
    return read / elapsed.TotalSeconds;
}
