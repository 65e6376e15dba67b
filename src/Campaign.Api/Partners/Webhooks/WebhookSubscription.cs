using System.Security.Claims;
using System.Security.Cryptography;
using Campaign.Access;
using Campaign.Confidentiality;
using Campaign.Infrastructure.Writing;
using Campaign.Partners.Feed;
using Marten;

namespace Campaign.Partners.Webhooks;

public enum SubscriptionStatus { Active, Paused, Disabled }

/// <summary>
/// A signing secret (Standard Webhooks <c>whsec_…</c>), stored wrapped with the master key; a rotated-out one stays
/// valid until it expires.
/// </summary>
public sealed record WebhookSecret(string Value, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt)
{
    /// <summary>A new secret: as stored, and in clear to show once.</summary>
    public static (WebhookSecret Stored, string Clear) New(Guid subscription, MasterKey master, DateTimeOffset now)
    {
        var clear = $"whsec_{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}";
        return (new WebhookSecret(master.Protect(subscription, clear), now, null), clear);
    }
}

/// <summary>A partner's webhook: where to deliver which events, signed with which secrets.</summary>
public sealed class WebhookSubscription
{
    public required Guid Id { get; init; }
    public required string Owner { get; init; }
    public required string Url { get; init; }
    public List<string> EventTypes { get; init; } = [];
    public List<Guid> CampaignIds { get; init; } = [];
    public string? Description { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public List<WebhookSecret> Secrets { get; set; } = [];
    public SubscriptionStatus Status { get; set; }
    public string? DisabledReason { get; set; }

    public FeedFilter Filter => new(EventTypes, CampaignIds);

    /// <summary>The secrets valid now: the current one, and a rotated-out one until it expires.</summary>
    public IEnumerable<WebhookSecret> ValidSecrets(DateTimeOffset now) => Secrets.Where(s => s.ExpiresAt is null || s.ExpiresAt > now);

    public static Task<IReadOnlyList<Guid>> ActiveIds(IQuerySession session, CancellationToken ct) =>
        session.Query<WebhookSubscription>().Where(s => s.Status == SubscriptionStatus.Active).Select(s => s.Id).ToListAsync(ct);

    /// <summary>The subscription, if it exists and the user may manage it: its owner, or an admin.</summary>
    public static async Task<WebhookSubscription> Load(IQuerySession session, Guid id, ClaimsPrincipal user, CancellationToken ct)
    {
        var subscription = await session.LoadAsync<WebhookSubscription>(id, ct);
        return subscription is not null && (user.IsInRole(Role.Admin.RoleName()) || subscription.Owner == user.Identity?.Name)
            ? subscription
            : throw new NotFound("subscription", id);
    }
}

/// <summary>How far delivery has got: kept apart from the subscription, so that only the deliverer writes it.</summary>
public sealed class WebhookCursor
{
    public required Guid Id { get; init; }

    /// <summary>Every event at or below this position was delivered, or is not for this subscription.</summary>
    public long DeliveredUpTo { get; set; }
    public int ConsecutiveFailures { get; set; }
    public DateTimeOffset? FailingSince { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public string? LastError { get; set; }

    public void Succeeded(long position) =>
        (DeliveredUpTo, ConsecutiveFailures, FailingSince, NextAttemptAt, LastError) = (position, 0, null, null, null);
}

/// <summary>One attempt to deliver one event.</summary>
public sealed class WebhookDelivery
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required Guid SubscriptionId { get; init; }
    public required long Position { get; init; }
    public required Guid EventId { get; init; }
    public required string EventType { get; init; }
    public required DateTimeOffset AttemptedAt { get; init; }
    public int? StatusCode { get; init; }
    public bool Succeeded { get; init; }
    public string? Error { get; init; }
    public long DurationMs { get; init; }
}
