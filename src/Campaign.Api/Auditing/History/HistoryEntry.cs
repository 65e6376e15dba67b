using Campaign.Confidentiality;
using Campaign.Developments;
using Campaign.Partners.Contracts;
using Campaign.Retracting;
using JasperFx.Events;

namespace Campaign.Auditing.History;

/// <summary>A retraction that took an event back: which, why, who and when.</summary>
public sealed record RetractionNote(
    [property: Public] Guid EventId,
    [property: Internal] string Reason,
    [property: Public] DateTimeOffset RecordedAt,
    [property: Internal] string? RecordedBy);

/// <summary>One event as an auditor reads it: where it stands, who recorded it when and from what source, and what it says.</summary>
public sealed record HistoryEntry(
    [property: Public] long Position,
    [property: Public] Guid EventId,
    [property: Public] Guid StreamId,
    [property: Public] long Version,
    [property: Public] string Type,
    [property: Public] string? PartnerType,
    [property: Public] DateTimeOffset RecordedAt,
    [property: Internal] string? RecordedBy,
    [property: Internal] string? CorrelationId,
    [property: Internal] string? CausationId,
    [property: Internal] Dictionary<string, object>? Headers,
    [property: Public] DateOnly? OccurredOn,
    [property: Public] Source? Source,
    [property: Internal] object Data,
    [property: Public] RetractionNote? RetractedBy) : IDataSubject
{
    Guid IDataSubject.DataSubject => StreamId;

    public static IReadOnlyList<HistoryEntry> Of(IReadOnlyList<IEvent> events, IEnumerable<IEvent> retractions)
    {
        var notes = retractions.Where(r => r.Data is DevelopmentRetracted).ToDictionary(
            r => ((DevelopmentRetracted)r.Data).RetractedEventId,
            r => new RetractionNote(r.Id, ((DevelopmentRetracted)r.Data).Reason, r.Timestamp, r.UserName));
        return events.Select(e => new HistoryEntry(
            e.Sequence, e.Id, e.StreamId, e.Version, e.Data.GetType().Name, PartnerEvent.Types.GetValueOrDefault(e.Data.GetType()),
            e.Timestamp, e.UserName, e.CorrelationId, e.CausationId, e.Headers, (e.Data as IDevelopment)?.OccurredOn,
            (e.Data as IDevelopment)?.Source, e.Data, notes.GetValueOrDefault(e.Id))).ToList();
    }
}
