using NoContent = Microsoft.AspNetCore.Http.HttpResults.NoContent;
using System.Security.Claims;
using Campaign.Access;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Campaign.Partners.Webhooks.Unsubscribing;

public static class UnsubscribeEndpoint
{
    [WolverineDelete("/api/subscriptions/{id}", OperationId = "DeleteSubscription"), Authorize(Policy = Policies.Subscribe)]
    public static async Task<NoContent> Delete(Guid id, IDocumentSession session, ClaimsPrincipal user, CancellationToken ct)
    {
        await WebhookSubscription.Load(session, id, user, ct);
        session.Delete<WebhookSubscription>(id);
        session.Delete<WebhookCursor>(id);
        await session.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
