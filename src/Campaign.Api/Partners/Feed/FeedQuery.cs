using Campaign.Infrastructure.ApiDocument;
using Campaign.Infrastructure.Writing;
using Campaign.Partners.Contracts;

namespace Campaign.Partners.Feed;

/// <summary>The feed's query string: <c>after</c>, <c>limit</c>, and the filter (<see cref="FeedFilter"/>).</summary>
[QueryParameter("after", typeof(long), "The position after which to read: the `next` of the previous page (0, the start, when absent).", Example = "0")]
[QueryParameter("limit", typeof(int), "How many events, 1 to 1000 (100 when absent).", Example = "100")]
public sealed record FeedQuery(long After, int Limit, FeedFilter Filter)
{
    public static FeedQuery From(HttpRequest request, long defaultAfter = 0)
    {
        var after = Number(request, "after", defaultAfter, 0, long.MaxValue);
        var limit = (int)Number(request, "limit", 100, 1, EventFeed.MaxPage);
        return new FeedQuery(after, limit, FilterFrom(request));
    }

    /// <summary><c>type</c> and <c>campaign</c>, each repeated or comma-separated.</summary>
    public static FeedFilter FilterFrom(HttpRequest request)
    {
        var types = Values(request, "type");
        if (types.FirstOrDefault(t => !PartnerEvent.Types.Values.Contains(t)) is { } unknown)
            throw new InvalidReference("type", $"There is no event type '{unknown}'; see docs/partners.md for the catalogue.");
        var campaigns = Values(request, "campaign").Select(c => Guid.TryParse(c, out var id)
            ? id : throw new InvalidReference("campaign", $"'{c}' is not a campaign id.")).ToList();

        return new FeedFilter(types, campaigns);
    }

    /// <summary>The query of a stream opened with a token: the token's filters, which the query may not widen or change.</summary>
    public FeedQuery Within(Tokens.LiveStreamGrant grant) =>
        Filter.Types is { Count: > 0 } || Filter.Campaigns is { Count: > 0 }
            ? throw new InvalidReference(Filter.Types is { Count: > 0 } ? "type" : "campaign",
                "A live-stream token carries its own filters: name the types and campaigns when creating it.")
            : this with { Filter = grant.Filter };

    private static long Number(HttpRequest request, string name, long absent, long min, long max)
    {
        var value = request.Query[name].ToString();
        if (value.Length == 0) return absent;
        return long.TryParse(value, out var number) && number >= min && number <= max
            ? number
            : throw new InvalidReference(name, $"'{name}' must be a whole number from {min} to {max}.");
    }

    private static List<string> Values(HttpRequest request, string name) =>
        request.Query[name].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
}
