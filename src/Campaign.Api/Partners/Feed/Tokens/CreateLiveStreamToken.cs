using System.Security.Claims;
using Campaign.Access;
using Campaign.Confidentiality;
using Campaign.Infrastructure.ApiDocument;
using Campaign.Infrastructure.Writing;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Campaign.Partners.Feed.Tokens;

/// <param name="Token">Send it as <c>?access_token=</c> to the live stream; it is a secret until it expires.</param>
/// <param name="Url">The live stream's address with the token.</param>
public sealed record LiveStreamToken(
    [property: Confidential] string Token,
    [property: Public] DateTimeOffset ExpiresAt,
    [property: Confidential] string Url);

public static class CreateLiveStreamTokenEndpoint
{
    /// <summary>
    /// A token that opens the live stream for a few minutes as this key, for a browser's <c>EventSource</c>, which cannot
    /// send a header: make it on the partner's server with the key, and hand the browser the token only. It opens the live
    /// stream and nothing else, only for the <c>type</c> and <c>campaign</c> given here (none: all), and stops working when
    /// the key is revoked.
    /// </summary>
    [WolverinePost("/api/feed/tokens", OperationId = "CreateLiveStreamToken"), Authorize(Policy = Policies.Feed), ReadsQuery<FeedFilter>]
    public static LiveStreamToken Post(HttpRequest request, LiveStreamTokens tokens, ClaimsPrincipal user)
    {
        var filter = FeedQuery.FilterFrom(request);
        if (user.FindFirstValue(CampaignClaims.KeyId) is not { } keyId)
            throw new Forbidden("Live-stream tokens are made with an access key, whose revocation ends them.");
        var (token, expiresAt) = tokens.Issue(keyId, new FeedFilter(filter.Types?.Distinct().ToList(), filter.Campaigns?.Distinct().ToList()));
        return new LiveStreamToken(token, expiresAt, $"/api/feed/live?{LiveStreamTokens.QueryName}={token}");
    }
}
