using System.Security.Claims;
using Campaign.Access;
using Campaign.Confidentiality;
using Campaign.Partners.Webhooks.Delivering;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Wolverine;
using Wolverine.Http;

namespace Campaign.Partners.Webhooks.Managing;

/// <summary>A partner manages its own subscriptions; an admin manages all.</summary>
public static class ManageSubscriptionsEndpoints
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

    [WolverinePost("/api/subscriptions/{id}/pause", OperationId = "PauseSubscription"), Authorize(Policy = Policies.Subscribe)]
    public static async Task<IResult> Pause(Guid id, IDocumentSession session, ClaimsPrincipal user, CancellationToken ct)
    {
        var subscription = await WebhookSubscription.Load(session, id, user, ct);
        subscription.Status = SubscriptionStatus.Paused;
        session.Store(subscription);
        await session.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    /// <remarks>Also re-enables a disabled subscription; delivery resumes where it stopped.</remarks>
    [WolverinePost("/api/subscriptions/{id}/resume", OperationId = "ResumeSubscription"), Authorize(Policy = Policies.Subscribe)]
    public static async Task<IResult> Resume(Guid id, IDocumentSession session, IMessageBus bus, ClaimsPrincipal user, CancellationToken ct)
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

    [WolverineDelete("/api/subscriptions/{id}", OperationId = "DeleteSubscription"), Authorize(Policy = Policies.Subscribe)]
    public static async Task<IResult> Delete(Guid id, IDocumentSession session, ClaimsPrincipal user, CancellationToken ct)
    {
        await WebhookSubscription.Load(session, id, user, ct);
        session.Delete<WebhookSubscription>(id);
        session.Delete<WebhookCursor>(id);
        await session.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

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

    [WolverineGet("/api/subscriptions/{id}/deliveries", OperationId = "ListDeliveries"), Authorize(Policy = Policies.Subscribe)]
    public static async Task<IReadOnlyList<DeliveryView>> Deliveries(Guid id, IQuerySession session, ClaimsPrincipal user, CancellationToken ct)
    {
        await WebhookSubscription.Load(session, id, user, ct);
        var deliveries = await session.Query<WebhookDelivery>().Where(d => d.SubscriptionId == id)
            .OrderByDescending(d => d.AttemptedAt).Take(200).ToListAsync(ct);
        return deliveries.Select(DeliveryView.Of).ToList();
    }
}

/// <param name="FromPosition">Redeliver every event from this feed position on.</param>
public sealed record ReplayDeliveries(long FromPosition)
{
    public sealed class Validator : AbstractValidator<ReplayDeliveries>
    {
        public Validator() => RuleFor(c => c.FromPosition).GreaterThanOrEqualTo(1);
    }
}

public static class ReplayDeliveriesEndpoint
{
    [WolverinePost("/api/subscriptions/{id}/replay", OperationId = "ReplayDeliveries"), Authorize(Policy = Policies.Subscribe)]
    public static async Task<IResult> Post(Guid id, ReplayDeliveries command, IDocumentSession session, IMessageBus bus, ClaimsPrincipal user,
        CancellationToken ct)
    {
        await WebhookSubscription.Load(session, id, user, ct);
        var cursor = await session.LoadAsync<WebhookCursor>(id, ct) ?? new WebhookCursor { Id = id };
        cursor.Succeeded(command.FromPosition - 1);
        session.Store(cursor);
        await session.SaveChangesAsync(ct);
        await bus.PublishAsync(new DeliverWebhooks(id));
        return TypedResults.Accepted($"/api/subscriptions/{id}/deliveries");
    }
}
