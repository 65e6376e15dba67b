using System.Globalization;
using Campaign.Infrastructure.ApiDocument;
using Campaign.Infrastructure.Writing;
using JasperFx.Events;
using Marten;

namespace Campaign.Auditing.History;

[QueryParameter("after", typeof(long), "The position after which to read: the `next` of the previous page (0 when absent).", Example = "0")]
[QueryParameter("limit", typeof(int), "How many events, 1 to 1000 (100 when absent).", Example = "100")]
[QueryParameter("from", typeof(DateTimeOffset), "Only events recorded at or after this instant.", Example = "2026-01-22T00:00:00Z")]
[QueryParameter("to", typeof(DateTimeOffset), "Only events recorded at or before this instant.")]
[QueryParameter("type", typeof(string[]), "Only events of these types, by their class name (repeated, or comma-separated), e.g. `ChargeEscalated`.")]
[QueryParameter("recordedBy", typeof(string), "Only events recorded by this person (a key's owner or a signed-in email).", Example = "staff@ngo.example")]
public sealed record AuditQuery(long After, int Limit, DateTimeOffset? From, DateTimeOffset? To, string[]? Types, string? RecordedBy)
{
    public static AuditQuery Of(HttpRequest request, IDocumentStore store)
    {
        var query = request.Query;
        var after = query["after"].ToString() is { Length: > 0 } a
            ? long.TryParse(a, out var position) && position >= 0 ? position : throw new InvalidReference("after", "'after' is a position.")
            : 0;
        var limit = query["limit"].ToString() is { Length: > 0 } l
            ? int.TryParse(l, out var n) && n is >= 1 and <= 1000 ? n : throw new InvalidReference("limit", "'limit' is 1 to 1000.")
            : 100;

        string[]? types = null;
        if (query["type"].Count > 0)
        {
            var known = store.Options.Events.AllKnownEventTypes()
                .Where(t => t.EventType.Namespace?.StartsWith(nameof(Campaign), StringComparison.Ordinal) == true)
                .ToDictionary(t => t.EventType.Name, t => t.EventTypeName);
            types = query["type"].SelectMany(t => (t ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Select(t => known.TryGetValue(t, out var alias) ? alias : throw new InvalidReference("type", $"There is no event type '{t}'."))
                .ToArray();
        }
        var recordedBy = query["recordedBy"].ToString();
        return new(after, limit, Instant(query["from"].ToString(), "from"), Instant(query["to"].ToString(), "to"), types,
            recordedBy.Length > 0 ? recordedBy : null);
    }

    public IQueryable<IEvent> Apply(IQueryable<IEvent> events)
    {
        events = events.Where(e => e.Sequence > After);
        if (From is { } from) events = events.Where(e => e.Timestamp >= from);
        if (To is { } to) events = events.Where(e => e.Timestamp <= to);
        if (Types is { } types) events = events.Where(e => types.Contains(e.EventTypeName));
        if (RecordedBy is { } user) events = events.Where(e => e.UserName == user);
        return events;
    }

    private static DateTimeOffset? Instant(string value, string name) => value.Length == 0 ? null
        : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant : throw new InvalidReference(name, $"'{name}' must be an instant, e.g. 2026-01-22T12:00:00Z.");
}
