namespace Campaign.Developments;

/// <summary>One development as a timeline shows it: what happened, when, how we know, and who recorded it when.</summary>
public sealed record TimelineEntry(
    Guid EventId, string Development, DateOnly OccurredOn, string Summary, Source Source,
    DateTimeOffset RecordedAt, string? RecordedBy, Guid? DefendantId = null);

/// <summary>A development taken back, with the reason; the history keeps both facts.</summary>
public sealed record Retraction(Guid RetractedEventId, string Development, string Reason, DateTimeOffset RecordedAt, string? RecordedBy);
