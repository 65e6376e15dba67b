using Campaign.Confidentiality;

namespace Campaign.Partners.Webhooks;

/// <summary>One attempt to deliver one event.</summary>
public sealed record DeliveryView(
    [property: Public] long Position,
    [property: Public] Guid EventId,
    [property: Public] string EventType,
    [property: Public] DateTimeOffset AttemptedAt,
    [property: Public] int? StatusCode,
    [property: Public] bool Succeeded,
    [property: Public] string? Error,
    [property: Public] long DurationMs)
{
    public static DeliveryView Of(WebhookDelivery d) =>
        new(d.Position, d.EventId, d.EventType, d.AttemptedAt, d.StatusCode, d.Succeeded, d.Error, d.DurationMs);
}
