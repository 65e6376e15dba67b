using System.Globalization;
using System.Security.Claims;
using Campaign.Access;
using Campaign.Confidentiality;
using Campaign.Developments;
using Campaign.Infrastructure.Writing;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Campaign.Defendants.Reading;

/// <summary>A page of a defendant's timeline, in the order things happened, and the cursor of the next page (none at the end).</summary>
public sealed record TimelinePage(
    [property: Public] Guid DefendantId,
    [property: Public] IReadOnlyList<TimelineEntry> Entries,
    [property: Public] string? Next) : IDataSubject
{
    Guid IDataSubject.DataSubject => DefendantId;
}

public static class GetTimelineEndpoint
{
    private const int DefaultLimit = 100, MaxLimit = 500;

    /// <summary>A defendant's developments a page at a time, folded from their events: what happened, when, how we know, who recorded it.</summary>
    /// <param name="after">The <c>next</c> cursor of the previous page; the first page without it. A development recorded late, on a
    /// day already passed, does not appear on later pages: read from the start again to see it.</param>
    /// <param name="limit">How many entries, 1 to 500 (100 when absent).</param>
    [WolverineGet("/api/defendants/{id}/timeline", OperationId = "GetTimeline"), Authorize(Policy = Policies.Read)]
    [ProducesResponseType<TimelinePage>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid id, string? after, int? limit, IQuerySession session, Disclosure disclosure,
        ClaimsPrincipal reader, CancellationToken ct)
    {
        if (limit is < 1 or > MaxLimit) throw new InvalidReference("limit", $"'limit' must be between 1 and {MaxLimit}.");
        var start = after is null ? (DateOnly.MinValue, 0L) : Cursor(after);

        var events = await session.Events.FetchStreamAsync(id, token: ct);
        var view = DefendantView.From(events) ?? throw new NotFound("defendant", id);
        var versions = events.ToDictionary(e => e.Id, e => e.Version);
        (DateOnly, long) Key(TimelineEntry t) => (t.OccurredOn, versions[t.EventId]);

        var page = view.Timeline.SkipWhile(t => Key(t).CompareTo(start) <= 0).Take((limit ?? DefaultLimit) + 1).ToList();
        var more = page.Count > (limit ?? DefaultLimit);
        if (more) page.RemoveAt(page.Count - 1);
        var next = more ? $"{page[^1].OccurredOn:yyyy-MM-dd}.{versions[page[^1].EventId]}" : null;
        return await disclosure.Show(new TimelinePage(id, page, next), reader, ct);
    }

    private static (DateOnly Day, long Version) Cursor(string after) =>
        after.Split('.') is [var day, var version]
        && DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var on)
        && long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var at)
            ? (on, at)
            : throw new InvalidReference("after", "'after' must be the next cursor of a previous page.");
}
