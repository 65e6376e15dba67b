using System.Reflection;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Campaign.Access;
using Campaign.Access.Keys;
using Campaign.Access.Members;
using Campaign.Infrastructure.ApiDocument;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Campaign.Partners.Feed.Tokens;

/// <summary>
/// Authenticates a live-stream token in the query (<c>access_token</c>), on the endpoints that accept one only, as the key
/// that made it while that key is active: a revoked key's tokens stop working at once. Never logs the token.
/// </summary>
public sealed class LiveStreamTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    LiveStreamTokens tokens, IDocumentStore store, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "LiveStreamToken";

    public static bool Carries(HttpRequest request) => request.Query.ContainsKey(LiveStreamTokens.QueryName);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = Request.Query[LiveStreamTokens.QueryName].ToString();
        if (token.Length == 0) return AuthenticateResult.NoResult();
        if (Context.GetEndpoint()?.Metadata.GetMetadata<EndpointMethod>()?.Method.GetCustomAttribute<AcceptsLiveStreamTokenAttribute>() is null)
            return Reject("used where only an access key or bearer token is accepted", null);
        if (tokens.Read(token) is not { } grant) return Reject("altered, expired or not for the live stream", null);

        await using var session = store.QuerySession();
        if (await session.LoadAsync<ApiKey>(grant.KeyId, Context.RequestAborted) is not { } key || !key.IsActiveAt(clock.GetUtcNow()))
            return Reject("its key is revoked, expired or gone", grant.KeyId);

        Context.Features.Set(grant);
        Claim[] claims =
        [
            new(ClaimTypes.Name, key.Owner),
            new(ClaimTypes.Role, key.Role.RoleName()),
            new(CampaignClaims.KeyId, key.Id),
            .. await Membership.ClaimsOf(session, key.Owner, Context.RequestAborted),
        ];
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    private AuthenticateResult Reject(string reason, string? keyId)
    {
        Logger.LogWarning("Rejected a live-stream token of key {KeyId} from {RemoteAddress}: {Reason}",
            keyId ?? "(unknown)", Context.Connection.RemoteIpAddress, reason);
        return AuthenticateResult.Fail("Invalid live-stream token.");
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return base.HandleChallengeAsync(properties);
    }
}
