using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Campaign.Access;
using Campaign.Infrastructure.Telemetry;
using Campaign.Partners.Webhooks;
using Campaign.Partners.Webhooks.Subscribing;
using Campaign.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Operations;

/// <summary>
/// The service with telemetry on, collected by in-memory exporters, and JSON console logs. Its collection runs alone:
/// instruments and activity sources are process-wide, so another test's writes would be counted here too.
/// </summary>
public sealed class TelemetryFixture : IAsyncLifetime
{
    private readonly TextWriter console = System.Console.Out;
    private DedicatedHost dedicated = null!;

    public Collected<Activity> Spans { get; } = new();
    public Collected<MetricSnapshot> Metrics { get; } = new();
    public ConsoleCapture Console { get; } = new();
    public DedicatedHost Dedicated => dedicated;
    public Api Staff { get; private set; } = null!;
    public Api Partner { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        System.Console.SetOut(Console); // before the host, whose console logger keeps the writer it finds
        dedicated = await DedicatedHost.Start("_telemetry", new Dictionary<string, string>
        {
            ["Telemetry:Enabled"] = "true",
            ["Logging:Format"] = "json",
            ["Logging:LogLevel:Microsoft.AspNetCore.Routing"] = "Information", // a line logged inside each request
            ["Webhooks:AllowPrivateAddresses"] = "true",
            ["Webhooks:RetryBaseDelay"] = "00:00:00.100",
            ["Webhooks:RetryMaxDelay"] = "00:00:00.500",
            ["Confidentiality:MasterKey"] = AppFixture.MasterKey,
        }, services: services => services
            .ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans))
            .ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics)));
        Staff = await dedicated.As(Role.Staff, "staff@telemetry.test");
        Partner = await dedicated.As(Role.Partner, "partner@telemetry.test");
    }

    /// <summary>The sum a counter has reached, per value of one tag, as the meter provider exports it now.</summary>
    public Dictionary<string, long> Counted(string instrument, string tag)
    {
        Assert.True(dedicated.Host.Services.GetRequiredService<MeterProvider>().ForceFlush());
        var latest = Metrics.Snapshot().LastOrDefault(m => m.Name == instrument);
        if (latest is null) return [];
        return latest.MetricPoints
            .GroupBy(p => Tag(p, tag) ?? "")
            .ToDictionary(g => g.Key, g => g.Sum(p => p.GetSumLong()));
    }

    private static string? Tag(MetricPoint point, string name)
    {
        foreach (var t in point.Tags) if (t.Key == name) return t.Value?.ToString();
        return null;
    }

    public async Task DisposeAsync()
    {
        await dedicated.DisposeAsync();
        System.Console.SetOut(console);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection : ICollectionFixture<TelemetryFixture>
{
    public const string Name = "telemetry";
}

[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests(TelemetryFixture telemetry)
{
    [Fact]
    public async Task An_http_append_is_one_trace_from_the_request_to_the_database()
    {
        var campaign = await telemetry.Staff.LaunchCampaign();
        var defendant = await telemetry.Staff.RegisterDefendant(campaign);

        await telemetry.Staff.Post($"/api/defendants/{defendant}/detentions", Detention());

        Activity? request = null;
        await Eventually.Holds(() => (request = telemetry.Spans.Snapshot().LastOrDefault(s =>
            s.Source.Name == "Microsoft.AspNetCore" && s.Kind == ActivityKind.Server
            && s.GetTagItem("url.path") as string == $"/api/defendants/{defendant}/detentions")) is not null,
            TimeSpan.FromSeconds(10), "the request's span");
        Assert.Equal("POST", request!.GetTagItem("http.request.method"));
        Assert.Equal(200, request.GetTagItem("http.response.status_code"));
        var trace = telemetry.Spans.Snapshot().Where(s => s.TraceId == request.TraceId).ToList();
        Assert.Contains(trace, s => s.Source.Name == "Npgsql" && s.Kind == ActivityKind.Client);
        Assert.Contains(trace, s => s.Source.Name == "Marten");
        Assert.Contains(trace, s => s.Source.Name == "Wolverine");
        Assert.All(trace.Where(s => s != request), s => Assert.True(s.StartTimeUtc >= request.StartTimeUtc)); // all within the request

        // The daemon polls PostgreSQL several times a second meanwhile: no trace begins at such a statement.
        Assert.DoesNotContain(telemetry.Spans.Snapshot(), s => s.ParentSpanId == default
            && (s.Kind == ActivityKind.Client || s.DisplayName is "marten.connection" or "marten.daemon.highwatermark"));
    }

    [Fact]
    public async Task Events_appended_are_counted_by_type_once_committed()
    {
        var before = telemetry.Counted("campaign.events.appended", "type");
        var from = (await telemetry.Dedicated.PositionsAfter(0)).LastOrDefault();

        var (_, defendant, _) = await telemetry.Staff.ChargedDefendant();
        for (var i = 0; i < 3; i++) await telemetry.Staff.Post($"/api/defendants/{defendant}/detentions", Detention());
        await telemetry.Staff.Reject($"/api/defendants/{defendant}/detentions", new { occurredOn = "not a day" }); // nothing appended

        await using var session = telemetry.Dedicated.Store.QuerySession();
        var appended = (await session.Events.QueryAllRawEvents().Where(e => e.Sequence > from).ToListAsync())
            .GroupBy(e => e.EventTypeName).ToDictionary(g => g.Key, g => (long)g.Count());
        var after = telemetry.Counted("campaign.events.appended", "type");
        var counted = after.ToDictionary(c => c.Key, c => c.Value - before.GetValueOrDefault(c.Key)).Where(c => c.Value != 0)
            .ToDictionary();
        Assert.Equal(appended.OrderBy(a => a.Key), counted.OrderBy(c => c.Key));
        Assert.Equal(4, counted["detention_recorded"]);
        Assert.True(counted.Count >= 4, string.Join(", ", counted.Keys)); // campaign, defendant, detention, charge
    }

    [Fact]
    public async Task A_webhook_delivery_is_a_client_span_and_counted_delivered_or_failed()
    {
        await using var receiver = await WebhookReceiver.Start();
        receiver.Answer = n => n == 1 ? 500 : 200;
        var before = telemetry.Counted("campaign.webhook.deliveries", "outcome");
        await telemetry.Dedicated.CaughtUp();
        var from = (await telemetry.Dedicated.PositionsAfter(0)).LastOrDefault();
        await telemetry.Partner.Post<SubscriptionSecret>("/api/subscriptions",
            new Subscribe(receiver.Url, [], null, "telemetry receiver", from + 1), 201);

        var (_, defendant, _) = await telemetry.Staff.ChargedDefendant();
        await telemetry.Dedicated.CaughtUp();
        var expected = (await telemetry.Dedicated.PositionsAfter(from)).Count;
        await Eventually.Holds(() => receiver.Acknowledged().Count >= expected, TimeSpan.FromSeconds(60), $"{expected} deliveries");

        Dictionary<string, long> counted = [];
        await Eventually.Holds(() =>
        {
            var after = telemetry.Counted("campaign.webhook.deliveries", "outcome");
            counted = after.ToDictionary(c => c.Key, c => c.Value - before.GetValueOrDefault(c.Key));
            return counted.GetValueOrDefault("delivered") >= expected;
        }, TimeSpan.FromSeconds(10), "the deliveries counted");
        Assert.Equal(receiver.Requests.Count(r => r.AnsweredWith == 200), counted["delivered"]);
        Assert.Equal(1, counted["failed"]);

        var deliveries = telemetry.Spans.Snapshot().Where(s => s.Source.Name == "System.Net.Http" && s.Kind == ActivityKind.Client
            && s.GetTagItem("url.full") as string == receiver.Url).ToList();
        Assert.Equal(receiver.Requests.Count, deliveries.Count);
        Assert.Contains(deliveries, s => s.GetTagItem("http.response.status_code") is 500 && s.Status == ActivityStatusCode.Error);
    }

    [Fact]
    public async Task Json_logs_carry_the_correlation_id_of_the_request()
    {
        var correlation = $"telemetry-{Guid.NewGuid():N}";
        var campaign = await telemetry.Staff.LaunchCampaign();

        await telemetry.Staff.Post($"/api/campaigns/{campaign}/defendants", new { displayName = "Logged" }, 201, ("X-Correlation-ID", correlation));

        List<JsonElement> lines = [];
        await Eventually.Holds(() => (lines = telemetry.Console.JsonLines().Where(l => Correlations(l).Contains(correlation)).ToList()).Count > 0,
            TimeSpan.FromSeconds(10), "a JSON log line with the correlation id");
        Assert.All(lines, l => Assert.True(l.TryGetProperty("Timestamp", out _) && l.TryGetProperty("LogLevel", out _) && l.TryGetProperty("Category", out _)));
        Assert.Contains(lines, l => l.GetProperty("Message").GetString()!.Contains("Executing endpoint"));
    }

    private static IEnumerable<string?> Correlations(JsonElement line) =>
        line.TryGetProperty("Scopes", out var scopes)
            ? scopes.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("CorrelationId", out _))
                .Select(s => s.GetProperty("CorrelationId").GetString())
            : [];
}

/// <summary>
/// On a service of its own, alone: a meter provider stops exporting an instrument when another host's meter of the same
/// name is disposed, which this host's is at the end of the test.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsumerLagCollection
{
    public const string Name = "telemetry-lag";
}

[Collection(ConsumerLagCollection.Name)]
public sealed class ConsumerLagTests
{
    [Fact]
    public async Task Consumer_lag_is_a_gauge_read_as_the_progress_endpoint_reads_it()
    {
        var exported = new Collected<MetricSnapshot>();
        await using var stalled = await DedicatedHost.Start("_telemetry_lag", new Dictionary<string, string>
        {
            ["Telemetry:Enabled"] = "true",
            ["Projections:Daemon"] = "Disabled", // no consumer moves: each event appended is one more behind
            ["Confidentiality:MasterKey"] = AppFixture.MasterKey,
        }, services: services => services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(exported)));
        var staff = await stalled.As(Role.Staff, "staff@lag.test");
        var (_, defendant, _) = await staff.ChargedDefendant();
        await staff.Post($"/api/defendants/{defendant}/detentions", Detention());
        var progress = await (await stalled.As(Role.Auditor, "auditor@lag.test")).Progress();

        Assert.True(stalled.Host.Services.GetRequiredService<MeterProvider>().ForceFlush());
        var lag = exported.Snapshot().Last(m => m.Name == "campaign.consumer.lag").MetricPoints
            .ToDictionary(p => Consumer(p), p => p.GetGaugeLastValueLong());
        var age = exported.Snapshot().Last(m => m.Name == "campaign.consumer.lag_age").MetricPoints
            .ToDictionary(p => Consumer(p), p => p.GetGaugeLastValueDouble());

        Assert.Equal(progress.Consumers.ToDictionary(c => c.Name, c => c.BehindPositions).OrderBy(c => c.Key), lag.OrderBy(c => c.Key));
        Assert.Equal(progress.LastEvent, lag["CampaignView:All"]);
        Assert.True(progress.LastEvent >= 5, $"{progress.LastEvent} events"); // campaign, defendant, two detentions, a charge
        Assert.All(progress.Consumers, c => Assert.True(age[c.Name] >= c.BehindSeconds && age[c.Name] > 0));
    }

    private static string Consumer(MetricPoint point)
    {
        foreach (var t in point.Tags) if (t.Key == "consumer") return (string)t.Value!;
        throw new InvalidOperationException("A lag without its consumer.");
    }
}

public sealed class TelemetrySettingsTests
{
    [Theory]
    [InlineData("Telemetry:OtlpEndpoint", "banana")]
    [InlineData("Telemetry:OtlpEndpoint", "ftp://collector:4317")]
    [InlineData("Telemetry:OtlpProtocol", "carrier-pigeon")]
    [InlineData("Logging:Format", "xml")]
    public async Task A_bad_setting_stops_the_start_naming_it(string setting, string value)
    {
        var settings = new Dictionary<string, string> { ["Telemetry:OtlpEndpoint"] = "http://127.0.0.1:4317", [setting] = value };

        var error = await Assert.ThrowsAnyAsync<Exception>(() => DedicatedHost.Start("_telemetry_settings", settings, reset: false));

        Assert.Contains($"{setting} ({setting.Replace(":", "__")}) must be", error.ToString());
    }

    [Fact]
    public async Task An_unreachable_collector_costs_the_requests_nothing()
    {
        await using var host = await DedicatedHost.Start("_telemetry_settings", new Dictionary<string, string>
        {
            ["Telemetry:OtlpEndpoint"] = "http://127.0.0.1:9", ["Telemetry:OtlpProtocol"] = "http/protobuf",
            ["Confidentiality:MasterKey"] = AppFixture.MasterKey,
        });
        var staff = await host.As(Role.Staff, "staff@collector.test");

        var (_, defendant, _) = await staff.ChargedDefendant();

        Assert.Equal(2, (await staff.Defendant(defendant)).Charges.Count + (await staff.Defendant(defendant)).Detentions.Count);
        Assert.NotNull(host.Host.Services.GetService<TracerProvider>()); // telemetry was on, with nowhere to go
    }
}

/// <summary>A thread-safe list for the in-memory exporters, which add from their own threads.</summary>
public sealed class Collected<T> : ICollection<T>
{
    private readonly List<T> items = [];

    public List<T> Snapshot() { lock (items) return [.. items]; }
    public void Add(T item) { lock (items) items.Add(item); }
    public void Clear() { lock (items) items.Clear(); }
    public bool Contains(T item) { lock (items) return items.Contains(item); }
    public void CopyTo(T[] array, int index) { lock (items) items.CopyTo(array, index); }
    public bool Remove(T item) { lock (items) return items.Remove(item); }
    public int Count { get { lock (items) return items.Count; } }
    public bool IsReadOnly => false;
    public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>What is written to the console, kept to be read back line by line.</summary>
public sealed class ConsoleCapture : TextWriter
{
    private readonly StringBuilder text = new();

    public override Encoding Encoding => Encoding.UTF8;
    public override void Write(char value) { lock (text) text.Append(value); }
    public override void Write(string? value) { lock (text) text.Append(value); }
    public override void Write(char[] buffer, int index, int count) { lock (text) text.Append(buffer, index, count); }

    /// <summary>Every whole line that is a JSON object.</summary>
    public IEnumerable<JsonElement> JsonLines()
    {
        string all;
        lock (text) all = text.ToString();
        foreach (var line in all.Split('\n').SkipLast(1).Select(l => l.Trim()).Where(l => l.StartsWith('{')))
        {
            JsonElement parsed;
            try { parsed = JsonDocument.Parse(line).RootElement; }
            catch (JsonException) { continue; }
            yield return parsed;
        }
    }
}
