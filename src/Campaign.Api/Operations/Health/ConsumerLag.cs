using Campaign.Operations.Progress;
using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Campaign.Operations.Health;

/// <summary>
/// Degraded when any consumer of the events (the campaign view, the audit chain, the rendered public events, the webhook
/// relay, and the high-water mark they all follow) has not reached an event older than <c>Health:MaxConsumerLag</c>:
/// the async daemon is stopped, stuck or far behind. Each consumer's lag in seconds is in the check's data
/// (positions are left to the authenticated <c>GET /api/operations/progress</c>).
/// </summary>
public sealed class ConsumerLag(IDocumentStore store, TimeProvider clock, IOptions<HealthOptions> options, ILogger<ConsumerLag> logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        var max = options.Value.MaxConsumerLag;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(options.Value.Timeout);
        try
        {
            await using var session = store.QuerySession();
            var (_, consumers) = await ReadProgressEndpoint.Consumers(store, session, clock.GetUtcNow(), limit.Token);
            var data = consumers.ToDictionary(c => c.Name, c => (object)c.BehindSeconds);
            var behind = consumers.Where(c => c.BehindSeconds > max.TotalSeconds).Select(c => c.Name).ToList();
            return behind.Count == 0
                ? HealthCheckResult.Healthy($"Every consumer of the events is within {max} of the last event.", data)
                : HealthCheckResult.Degraded($"Behind by more than {max}: {string.Join(", ", behind)}.", data: data);
        }
        catch (Exception error) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(error, "Readiness: the consumers' progress cannot be read");
            return new(context.Registration.FailureStatus, "The consumers' progress cannot be read from PostgreSQL.");
        }
    }
}
