using Campaign.Alerts.Checking;
using Campaign.Infrastructure.Writing;
using Campaign.Operations;
using Campaign.Partners.Webhooks;
using Campaign.Infrastructure.Settings;
using Marten;
using Microsoft.Extensions.Options;

namespace Campaign.Infrastructure;

/// <summary>
/// Forgets, every hour, what is only kept for a while: answers to Idempotency-Keys after <c>Retention:IdempotencyKeys</c>
/// (default 7 days; a retry later than that is a new request) and the webhook delivery log after
/// <c>Retention:WebhookDeliveries</c> (default 30 days), and the parts of evidence files whose upload was abandoned a day
/// ago; and resumes the deadline checks that were lost (<see cref="LostChecks"/>). Events are never touched. It runs on one
/// node of the cluster, so that the nodes do not delete the same rows at once.
/// </summary>
public sealed class Housekeeping(IDocumentStore store, TimeProvider clock, IOptions<RetentionOptions> retention, LostChecks lostChecks,
    ILogger<Housekeeping> logger)
    : OneNodeWork("housekeeping")
{
    public async Task Sweep(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var keysBefore = now - retention.Value.IdempotencyKeys;
        var deliveriesBefore = now - retention.Value.WebhookDeliveries;
        await using var session = store.LightweightSession();
        session.DeleteWhere<IdempotentWrite>(w => w.RecordedAt < keysBefore);
        session.DeleteWhere<WebhookDelivery>(d => d.AttemptedAt < deliveriesBefore);
        Evidence.EvidenceStore.ForgetAbandoned(session, now.AddDays(-1));
        await session.SaveChangesAsync(ct);
        await lostChecks.Resume(ct);
    }

    protected override async Task Run(CancellationToken stoppingToken)
    {
        using var hourly = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            try
            {
                await Sweep(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogWarning(error, "Housekeeping failed; it will try again in an hour");
            }
        } while (await hourly.WaitForNextTickAsync(stoppingToken));
    }
}

/// <summary>The <c>Retention</c> settings: how long answers to Idempotency-Keys and the webhook delivery log are kept.</summary>
public sealed class RetentionOptions
{
    [AboveZero] public TimeSpan IdempotencyKeys { get; set; } = TimeSpan.FromDays(7);
    [AboveZero] public TimeSpan WebhookDeliveries { get; set; } = TimeSpan.FromDays(30);
}
