using Campaign.Confidentiality;

namespace Campaign.Partners.Webhooks;

/// <summary>A subscription as its owner sees it; its secrets are shown only when created or rotated.</summary>
public sealed record SubscriptionView(
    [property: Public] Guid Id,
    [property: Public] string Url,
    [property: Public] IReadOnlyList<string> EventTypes,
    [property: Public] IReadOnlyList<Guid> CampaignIds,
    [property: Public] string? Description,
    [property: Public] SubscriptionStatus Status,
    [property: Public] string? DisabledReason,
    [property: Public] long DeliveredUpTo,
    [property: Public] DateTimeOffset? FailingSince,
    [property: Public] DateTimeOffset? NextAttemptAt,
    [property: Public] string? LastError,
    [property: Internal] string Owner,
    [property: Public] DateTimeOffset CreatedAt)
{
    public static SubscriptionView Of(WebhookSubscription s, WebhookCursor? cursor) =>
        new(s.Id, s.Url, s.EventTypes, s.CampaignIds, s.Description, s.Status, s.DisabledReason, cursor?.DeliveredUpTo ?? 0,
            cursor?.FailingSince, cursor?.NextAttemptAt, cursor?.LastError, s.Owner, s.CreatedAt);
}

/// <summary>A signing secret, shown once: when the subscription is created or its secret rotated.</summary>
public sealed record SubscriptionSecret(
    [property: Public] Guid Id,
    [property: Confidential] string Secret,
    [property: Public] DateTimeOffset? PreviousSecretValidUntil);
