using Campaign.Confidentiality;
namespace Campaign.Developments;

/// <summary>One development as a timeline shows it: what happened, when, how we know, and who recorded it when.</summary>
public sealed record TimelineEntry(
    [property: Public] Guid EventId,
    [property: Public] string Development,
    [property: Public] DateOnly OccurredOn,
    [property: Public] string Summary,
    [property: Public] Source Source,
    [property: Public] DateTimeOffset RecordedAt,
    [property: Internal] string? RecordedBy,
    [property: Public] Guid? DefendantId = null);

/// <summary>A development taken back, with the reason; the history keeps both facts.</summary>
public sealed record Retraction(
    [property: Internal] Guid RetractedEventId,
    [property: Internal] string Development,
    [property: Internal] string Reason,
    [property: Internal] DateTimeOffset RecordedAt,
    [property: Internal] string? RecordedBy);
