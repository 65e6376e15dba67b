using Campaign.Auditing.History;
using Campaign.Defendants.Registering;
using Campaign.Developments;
using Campaign.Retracting;

namespace Campaign.StaffConsole.Forms;

/// <summary>Something recorded after a form was opened: about whom, what, and who recorded it when.</summary>
public sealed record Change(string? About, DateOnly? OccurredOn, string What, DateTimeOffset RecordedAt, string? RecordedBy);

/// <summary>What was recorded in a stream since the version a form was opened on, read from the events.</summary>
public sealed class Meanwhile(ConsoleViews views)
{
    /// <summary>The changes after <paramref name="version"/>, and the version they bring the stream to.</summary>
    public async Task<(IReadOnlyList<Change> Changes, long Version)> Since(Guid streamId, long version, string? about, CancellationToken ct)
    {
        var history = await views.History(streamId, null, ct);
        var byId = history.ToDictionary(e => e.EventId);
        var changes = history.Where(e => e.Version > version)
            .Select(e => new Change(about, e.OccurredOn, Describe(e, byId), e.RecordedAt, e.RecordedBy)).ToList();
        return (changes, history.Count == 0 ? version : history[^1].Version);
    }

    private static string Describe(HistoryEntry entry, IReadOnlyDictionary<Guid, HistoryEntry> byId) => entry.Data switch
    {
        IDevelopment development => Words.PlainKinds(development.Describe()),
        DevelopmentRetracted retracted => $"Retracted “{(byId.TryGetValue(retracted.RetractedEventId, out var taken) ? Describe(taken, byId)
            : Words.Sentence(retracted.RetractedEventType))}”: {retracted.Reason}",
        DefendantRegistered registered => $"Registered as {registered.DisplayName}",
        _ => Words.Sentence(entry.Type),
    };
}
