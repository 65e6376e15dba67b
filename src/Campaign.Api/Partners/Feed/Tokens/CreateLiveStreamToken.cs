using System.Security.Claims;
using Campaign.Access;
using Campaign.Infrastructure.Writing;
using Campaign.Partners.Contracts;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Campaign.Partners.Feed.Tokens;

/// <summary>A token for a browser to open the live stream with, only for these event types and campaigns when given.</summary>
/// <param name="Types">Only events of these types, e.g. <c>org.campaign.defendant.charge-escalated.v1</c>.</param>
/// <param name="Campaigns">Only events of these campaigns.</param>
public sealed record CreateLiveStreamToken(string[]? Types = null, Guid[]? Campaigns = null)
{
    public sealed class Validator : AbstractValidator<CreateLiveStreamToken>
    {
        public Validator()
        {
            RuleFor(c => c.Types).Must(t => t!.Length <= 50).When(c => c.Types is not null).WithMessage("At most 50 types.");
            RuleForEach(c => c.Types).Must(t => t is not null && PartnerEvent.Types.Values.Contains(t))
                .WithMessage("There is no event type '{PropertyValue}'; see docs/partners.md for the catalogue.");
            RuleFor(c => c.Campaigns).Must(c => c!.Length <= 100).When(c => c.Campaigns is not null).WithMessage("At most 100 campaigns.");
        }
    }
}

/// <param name="Token">Send it as <c>?access_token=</c> to the live stream; it is a secret until it expires.</param>
/// <param name="Url">The live stream's address with the token.</param>
public sealed record LiveStreamToken(string Token, DateTimeOffset ExpiresAt, string Url);

public static class CreateLiveStreamTokenEndpoint
{
    /// <summary>
    /// A token that opens the live stream for a few minutes as this key, for a browser's <c>EventSource</c>, which cannot
    /// send a header: make it on the partner's server with the key, and hand the browser the token only. It opens the live
    /// stream and nothing else, with the filters given here, and stops working when the key is revoked.
    /// </summary>
    [WolverinePost("/api/feed/tokens", OperationId = "CreateLiveStreamToken"), Authorize(Policy = Policies.Feed)]
    public static LiveStreamToken Post(CreateLiveStreamToken command, LiveStreamTokens tokens, ClaimsPrincipal user)
    {
        if (user.FindFirstValue(CampaignClaims.KeyId) is not { } keyId)
            throw new Forbidden("Live-stream tokens are made with an access key, whose revocation ends them.");
        var (token, expiresAt) = tokens.Issue(keyId, new FeedFilter(command.Types?.Distinct().ToList(), command.Campaigns?.Distinct().ToList()));
        return new LiveStreamToken(token, expiresAt, $"/api/feed/live?{LiveStreamTokens.QueryName}={token}");
    }
}
