using System.Security.Claims;
using Campaign.Access;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Campaign.Partners.Webhooks.Reading;

/// <summary>A partner reads its own subscriptions and their deliveries; an admin reads all.</summary>
public static class ReadSubscriptionsEndpoints
{
    [WolverineGet("/api/subscriptions", OperationId = "ListSubscriptions"), Authorize(Policy = Policies.Subscribe)]
    public static async Task<IReadOnlyList<SubscriptionView>> List(IQuerySession session, ClaimsPrincipal user, CancellationToken ct)
    {
        var query = session.Query<WebhookSubscription>().AsQueryable();
        if (!user.IsInRole(Role.Admin.RoleName())) query = query.Where(s => s.Owner == user.Identity!.Name);
        var subscriptions = await query.OrderBy(s => s.CreatedAt).ToListAsync(ct);
        var cursors = (await session.LoadManyAsync<WebhookCursor>(ct, subscriptions.Select(s => s.Id))).ToDictionary(c => c.Id);
        return subscriptions.Select(s => SubscriptionView.Of(s, cursors.GetValueOrDefault(s.Id))).ToList();
    }

    [WolverineGet("/api/subscriptions/{id}", OperationId = "GetSubscription"), Authorize(Policy = Policies.Subscribe)]
    public static async Task<SubscriptionView> Get(Guid id, IQuerySession session, ClaimsPrincipal user, CancellationToken ct) =>
        SubscriptionView.Of(await WebhookSubscription.Load(session, id, user, ct), await session.LoadAsync<WebhookCursor>(id, ct));

    [WolverineGet("/api/subscriptions/{id}/deliveries", OperationId = "ListDeliveries"), Authorize(Policy = Policies.Subscribe)]
    public static async Task<IReadOnlyList<DeliveryView>> Deliveries(Guid id, IQuerySession session, ClaimsPrincipal user, CancellationToken ct)
    {
        await WebhookSubscription.Load(session, id, user, ct);
        var deliveries = await session.Query<WebhookDelivery>().Where(d => d.SubscriptionId == id)
            .OrderByDescending(d => d.AttemptedAt).Take(200).ToListAsync(ct);
        return deliveries.Select(DeliveryView.Of).ToList();
    }
}
