using System.Diagnostics.Metrics;
using Campaign.Operations.Progress;
using Campaign.Partners.Webhooks.Delivering;
using JasperFx.Events;
using Marten;

namespace Campaign.Infrastructure.Telemetry;

/// <summary>
/// The service's own instruments, on the meter <c>Campaign</c>: events appended (by type, once committed), webhook
/// deliveries (by outcome) and how far each consumer of the events is behind (read as <c>GET /api/operations/progress</c> reads it).
/// </summary>
public sealed class CampaignMetrics
{
    public const string MeterName = "Campaign";
    private static readonly TimeSpan ProgressTimeout = TimeSpan.FromSeconds(5);

    private readonly Counter<long> appended;
    private readonly Counter<long> deliveries;
    private readonly IDocumentStore store;
    private readonly TimeProvider clock;
    private readonly Lock progressLock = new();
    private (IReadOnlyList<ConsumerProgress> Consumers, DateTimeOffset At)? lastProgress;

    public CampaignMetrics(IMeterFactory meters, IDocumentStore store, TimeProvider clock)
    {
        (this.store, this.clock) = (store, clock);
        var meter = meters.Create(MeterName);
        appended = meter.CreateCounter<long>("campaign.events.appended", "{event}", "Events committed to the event store, by type.");
        deliveries = meter.CreateCounter<long>("campaign.webhook.deliveries", "{delivery}",
            "Webhook delivery attempts, by outcome: delivered (a 2xx answer) or failed (any other answer, or none).");
        meter.CreateObservableGauge("campaign.consumer.lag", () => Lag(c => c.BehindPositions), "{event}",
            "Sequence positions between a consumer of the events and the last event (at most that many events not yet consumed).");
        meter.CreateObservableGauge("campaign.consumer.lag_age", () => Lag(c => c.BehindSeconds), "s",
            "Age of the oldest event a consumer of the events has not reached.");
    }

    /// <summary>Called after the commit of a write, with the streams it appended to.</summary>
    public void Appended(IEnumerable<StreamAction> streams)
    {
        foreach (var type in streams.SelectMany(s => s.Events).GroupBy(e => e.EventTypeName))
            appended.Add(type.Count(), new KeyValuePair<string, object?>("type", type.Key));
    }

    public void Attempted(DeliveryResult result) =>
        deliveries.Add(1, new KeyValuePair<string, object?>("outcome", result.Succeeded ? "delivered" : "failed"));

    private IEnumerable<Measurement<T>> Lag<T>(Func<ConsumerProgress, T> value) where T : struct =>
        Progress()?.Select(c => new Measurement<T>(value(c), new KeyValuePair<string, object?>("consumer", c.Name))) ?? [];

    // Both gauges are read in one collection: the progress is read once for both. A collection must not fail because
    // the database is away (readiness says so): the gauges then have no value.
    private IReadOnlyList<ConsumerProgress>? Progress()
    {
        lock (progressLock)
        {
            if (lastProgress is { } last && clock.GetUtcNow() - last.At < TimeSpan.FromSeconds(1)) return last.Consumers;
            try
            {
                using var timeout = new CancellationTokenSource(ProgressTimeout);
                using var session = store.QuerySession();
                var (_, consumers) = ReadProgressEndpoint.Consumers(store, session, clock.GetUtcNow(), timeout.Token).GetAwaiter().GetResult();
                lastProgress = (consumers, clock.GetUtcNow());
                return consumers;
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                return null;
            }
        }
    }
}
