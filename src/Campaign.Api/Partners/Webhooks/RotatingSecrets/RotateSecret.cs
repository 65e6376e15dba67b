using System.Security.Claims;
using Campaign.Access;
using Campaign.Confidentiality;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Wolverine.Http;

namespace Campaign.Partners.Webhooks.RotatingSecrets;

public static class RotateSecretEndpoint
{
    /// <summary>A new secret, shown once; deliveries carry signatures with both secrets until the old one expires.</summary>
    [WolverinePost("/api/subscriptions/{id}/secret", OperationId = "RotateSubscriptionSecret"), Authorize(Policy = Policies.Subscribe)]
    public static async Task<SubscriptionSecret> Rotate(Guid id, IDocumentSession session, ClaimsPrincipal user, IOptions<WebhookOptions> options,
        MasterKey master, TimeProvider clock, CancellationToken ct)
    {
        var subscription = await WebhookSubscription.Load(session, id, user, ct);
        var now = clock.GetUtcNow();
        var validUntil = now + options.Value.RotationOverlap;
        var (secret, clear) = WebhookSecret.New(id, master, now);
        subscription.Secrets = [secret, .. subscription.ValidSecrets(now).Take(1).Select(s => s with { ExpiresAt = validUntil })];
        session.Store(subscription);
        await session.SaveChangesAsync(ct);
        return new SubscriptionSecret(id, clear, validUntil);
    }
}
