using Campaign.Access;
using Campaign.Infrastructure.ApiDocument;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Net.Http.Headers;
using Wolverine.Http;

namespace Campaign.Partners.Feed;

public static class ReadFeedEndpoint
{
    /// <summary>
    /// Events after a position, in order, as CloudEvents. The answer is <c>{"next": position, "events": [...]}</c>; with
    /// <c>Accept: application/cloudevents-batch+json</c> it is a CloudEvents batch, the next position in the
    /// <c>Feed-Next</c> header and a <c>Link rel="next"</c>. Read again after <c>next</c>; nothing is skipped or repeated.
    /// </summary>
    [WolverineGet("/api/feed", OperationId = "ReadFeed"), Authorize(Policy = Policies.Feed), ReadsQuery<FeedQuery>, ReadsQuery<FeedFilter>]
    [ProducesResponseType<PartnerFeedPage>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<IReadOnlyList<PartnerCloudEvent>>(StatusCodes.Status200OK, PartnerCloudEvents.BatchContentType)]
    public static async Task<IResult> Get(HttpContext context, EventFeed feed, CancellationToken ct)
    {
        var query = FeedQuery.From(context.Request);
        var page = await feed.Read(query.After, query.Limit, query.Filter, ct);

        var accept = context.Request.Headers.Accept.ToString();
        if (!accept.Contains(PartnerCloudEvents.BatchContentType, StringComparison.OrdinalIgnoreCase))
            return TypedResults.Bytes(PartnerCloudEvents.Page(page.Next, page.Events), "application/json");

        context.Response.Headers["Feed-Next"] = page.Next.ToString();
        context.Response.Headers[HeaderNames.Link] = $"<{NextUrl(context.Request, page.Next)}>; rel=\"next\"";
        return TypedResults.Bytes(PartnerCloudEvents.Batch(page.Events), PartnerCloudEvents.BatchContentType);
    }

    private static string NextUrl(HttpRequest request, long next)
    {
        var query = request.Query.Where(q => q.Key != "after").SelectMany(q => q.Value.Select(v => $"{q.Key}={Uri.EscapeDataString(v ?? "")}"));
        return $"{request.Path}?{string.Join('&', query.Prepend($"after={next}"))}";
    }
}
