using NoContent = Microsoft.AspNetCore.Http.HttpResults.NoContent;
using System.Security.Claims;
using Campaign.Access;
using Campaign.Partners.Webhooks.Delivering;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine;
using Wolverine.Http;

namespace Campaign.Partners.Webhooks.Pausing;

public static class PauseSubscriptionEndpoints
{
    [WolverinePost("/api/subscriptions/{id}/pause", OperationId = "PauseSubscription"), Authorize(Policy = Policies.Subscribe)]
    public static async Task<NoContent> Pause(Guid id, IDocumentSession session, ClaimsPrincipal user, CancellationToken ct)
    {
        var subscription = await WebhookSubscription.Load(session, id, user, ct);
        subscription.Status = SubscriptionStatus.Paused;
        session.Store(subscription);
        await session.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    /// <remarks>Also re-enables a disabled subscription; delivery resumes where it stopped.</remarks>
    [WolverinePost("/api/subscriptions/{id}/resume", OperationId = "ResumeSubscription"), Authorize(Policy = Policies.Subscribe)]
    public static async Task<NoContent> Resume(Guid id, IDocumentSession session, IMessageBus bus, ClaimsPrincipal user, CancellationToken ct)
    {
        var subscription = await WebhookSubscription.Load(session, id, user, ct);
        (subscription.Status, subscription.DisabledReason) = (SubscriptionStatus.Active, null);
        session.Store(subscription);
        if (await session.LoadAsync<WebhookCursor>(id, ct) is { } cursor)
        {
            cursor.Succeeded(cursor.DeliveredUpTo); // a fresh start for the retry schedule
            session.Store(cursor);
        }
        await session.SaveChangesAsync(ct);
        await bus.PublishAsync(new DeliverWebhooks(id));
        return TypedResults.NoContent();
    }
}
