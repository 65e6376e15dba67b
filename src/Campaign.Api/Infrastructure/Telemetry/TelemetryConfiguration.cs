using System.Diagnostics;
using Campaign.Infrastructure.Hardening;
using Campaign.Infrastructure.Settings;
using Marten;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Campaign.Infrastructure.Telemetry;

/// <summary>
/// Traces and metrics from ASP.NET Core, HttpClient (webhook deliveries), Npgsql, Marten, Wolverine and the service's own
/// <see cref="CampaignMetrics"/>, exported over OTLP to <c>Telemetry:OtlpEndpoint</c> or the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; off (nothing recorded) when neither is set, unless <c>Telemetry:Enabled</c> asks
/// for it (for an exporter added in code, as the tests do). JSON console logs with <c>Logging:Format=json</c>.
/// </summary>
public static class TelemetryConfiguration
{
    public const string ServiceName = "campaign";

    public static WebApplicationBuilder AddCampaignTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddSingleton<CampaignMetrics>();
        builder.Services.AddTransient<IStartupFilter, CorrelationLogScope>();
        UseLogFormat(builder.Logging, configuration["Logging:Format"]);

        var endpoint = configuration["Telemetry:OtlpEndpoint"];
        var standardEndpoint = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint) && string.IsNullOrWhiteSpace(standardEndpoint) && !configuration.GetValue<bool>("Telemetry:Enabled"))
            return builder;

        builder.Services.ConfigureMarten(options =>
        {
            options.OpenTelemetry.TrackConnections = JasperFx.OpenTelemetry.TrackLevel.Normal;
            options.OpenTelemetry.TrackEventCounters();
        });
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? ServiceName))
            .WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new WorkOnly()))
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource("Marten", "Wolverine"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter("Marten", "Wolverine*", "System.Runtime", CampaignMetrics.MeterName)
                .AddInstrumentation(provider => provider.GetRequiredService<CampaignMetrics>())) // its gauges exist from the start
            .WithLogging();

        if (!string.IsNullOrWhiteSpace(endpoint))
            telemetry.UseOtlpExporter(Protocol(configuration["Telemetry:OtlpProtocol"]), Endpoint(endpoint));
        else if (!string.IsNullOrWhiteSpace(standardEndpoint))
            telemetry.UseOtlpExporter(); // reads the standard OTEL_EXPORTER_OTLP_* settings
        return builder;
    }

    /// <summary>
    /// Traces begin where work does: at a request, a message handled or a page of events the daemon processes. The
    /// statements, connections and high-water mark checks with which the daemon and each node poll PostgreSQL several
    /// times a second begin none (inside a trace, they are recorded as its parts).
    /// </summary>
    private sealed class WorkOnly : Sampler
    {
        public override SamplingResult ShouldSample(in SamplingParameters parameters) =>
            parameters.Kind == ActivityKind.Client || parameters.Name is "marten.connection" or "marten.daemon.highwatermark"
                ? new SamplingResult(SamplingDecision.Drop)
                : new SamplingResult(SamplingDecision.RecordAndSample);
    }

    private static void UseLogFormat(ILoggingBuilder logging, string? format)
    {
        switch (format?.Trim().ToLowerInvariant())
        {
            case null or "" or "text":
                return;
            case "json":
                logging.AddJsonConsole(json =>
                {
                    json.IncludeScopes = true;
                    json.UseUtcTimestamp = true;
                    json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                });
                return;
            default:
                throw new InvalidOperationException($"{ValidatedSettings.Name("Logging:Format")} must be json or text.");
        }
    }

    private static OtlpExportProtocol Protocol(string? protocol) => protocol?.Trim().ToLowerInvariant() switch
    {
        null or "" or "grpc" => OtlpExportProtocol.Grpc,
        "http/protobuf" or "http" => OtlpExportProtocol.HttpProtobuf,
        _ => throw new InvalidOperationException($"{ValidatedSettings.Name("Telemetry:OtlpProtocol")} must be grpc or http/protobuf."),
    };

    private static Uri Endpoint(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new InvalidOperationException(
                $"{ValidatedSettings.Name("Telemetry:OtlpEndpoint")} must be an absolute http or https URL, such as http://collector:4317.");

    /// <summary>
    /// Every log line written while a request is handled carries its correlation id (a scope, shown by the JSON format):
    /// the <c>X-Correlation-ID</c> it sent, else its trace id (from <c>traceparent</c>, or new), as its events record.
    /// A header the service refuses (see <see cref="CorrelationIds"/>) is not repeated into the logs.
    /// </summary>
    private sealed class CorrelationLogScope(ILoggerFactory loggers) : IStartupFilter
    {
        private readonly ILogger logger = loggers.CreateLogger("Campaign.Requests");

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, proceed) =>
            {
                var given = context.Request.Headers["X-Correlation-ID"].ToString();
                var correlationId = given.Length > 0 && CorrelationIds.Acceptable(given) ? given : Activity.Current?.RootId;
                using (logger.BeginScope(new CorrelationScope(correlationId)))
                    await proceed(context);
            });
            next(app);
        };
    }

    /// <summary>Shown as <c>{"Message":"CorrelationId:…","CorrelationId":"…"}</c>, as the framework's own scopes are.</summary>
    private sealed class CorrelationScope(string? correlationId) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public KeyValuePair<string, object?> this[int index] =>
            index == 0 ? new("CorrelationId", correlationId) : throw new ArgumentOutOfRangeException(nameof(index));

        public int Count => 1;
        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() { yield return this[0]; }
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        public override string ToString() => $"CorrelationId:{correlationId}";
    }
}
