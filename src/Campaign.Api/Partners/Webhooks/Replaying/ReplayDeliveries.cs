using Accepted = Microsoft.AspNetCore.Http.HttpResults.Accepted;
using System.Security.Claims;
using Campaign.Access;
using Campaign.Partners.Webhooks.Delivering;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine;
using Wolverine.Http;

namespace Campaign.Partners.Webhooks.Replaying;

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
    public static async Task<Accepted> Post(Guid id, ReplayDeliveries command, IDocumentSession session, IMessageBus bus, ClaimsPrincipal user,
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
