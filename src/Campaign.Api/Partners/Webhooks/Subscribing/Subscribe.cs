using System.Security.Claims;
using Campaign.Access;
using Campaign.Confidentiality;
using Campaign.Infrastructure.Writing;
using Campaign.Partners.Contracts;
using Campaign.Partners.Feed;
using Campaign.Partners.Webhooks.Delivering;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Wolverine;
using Wolverine.Http;

namespace Campaign.Partners.Webhooks.Subscribing;

/// <param name="EventTypes">CloudEvents types to receive; all when empty.</param>
/// <param name="CampaignIds">Campaigns to receive events of; all when empty.</param>
/// <param name="FromPosition">Deliver events from this feed position on; from now when absent.</param>
public sealed record Subscribe(string Url, IReadOnlyList<string>? EventTypes, IReadOnlyList<Guid>? CampaignIds, string? Description,
    long? FromPosition = null)
{
    public sealed class Validator : AbstractValidator<Subscribe>
    {
        public Validator()
        {
            RuleFor(c => c.Url).NotEmpty().MaximumLength(2000);
            RuleForEach(c => c.EventTypes).Must(t => PartnerEvent.Types.Values.Contains(t))
                .WithMessage("'{PropertyValue}' is not an event type; see docs/partners.md for the catalogue.");
            RuleForEach(c => c.CampaignIds).NotEmpty();
            RuleFor(c => c.Description).MaximumLength(500);
            RuleFor(c => c.FromPosition).GreaterThanOrEqualTo(1);
        }
    }
}

public static class SubscribeEndpoint
{
    [WolverinePost("/api/subscriptions", OperationId = "Subscribe"), Authorize(Policy = Policies.Subscribe)]
    public static async Task<Created<SubscriptionSecret>> Post(Subscribe command, IDocumentSession session, WebhookAddress addresses,
        EventFeed feed, IMessageBus bus, MasterKey master, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        if (await addresses.ProblemWith(command.Url, ct) is { } problem) throw new InvalidReference("url", problem);

        var (id, now) = (Guid.CreateVersion7(), clock.GetUtcNow());
        var (secret, clear) = WebhookSecret.New(id, master, now);
        var subscription = new WebhookSubscription
        {
            Id = id, Owner = user.Identity!.Name!, Url = command.Url, EventTypes = [.. command.EventTypes ?? []],
            CampaignIds = [.. command.CampaignIds ?? []], Description = command.Description, CreatedAt = now, Secrets = [secret],
        };
        session.Insert(subscription);
        session.Insert(new WebhookCursor { Id = subscription.Id, DeliveredUpTo = command.FromPosition - 1 ?? await feed.HighWaterMark(ct) });
        await session.SaveChangesAsync(ct);
        await bus.PublishAsync(new DeliverWebhooks(subscription.Id));
        return TypedResults.Created($"/api/subscriptions/{id}", new SubscriptionSecret(id, clear, null));
    }
}
