using System.Security.Claims;
using Campaign.Access;
using Campaign.Access.Keys;
using Campaign.Access.Members;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Caching.Memory;

namespace Campaign.StaffConsole.SignIn;

/// <summary>
/// The console's own scheme: a session cookie, issued for an API key or by the NGO's identity provider. The API never
/// accepts it, and the console accepts nothing else, so a forged cross-site request has no credential to ride on.
/// </summary>
public static class ConsoleAuthentication
{
    public const string Scheme = "Console";
    public const string Provider = "ConsoleProvider";
    public const string CookieName = "campaign.session";

    /// <summary>How the person signed in: "key" or "provider".</summary>
    public const string MethodClaim = "signed_in_with";

    public static readonly TimeSpan SessionLength = TimeSpan.FromHours(8);

    /// <summary>The principal of a console session; its campaigns are added afresh on every request.</summary>
    public static ClaimsPrincipal Principal(string name, Role role, string method, string? keyId) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, name),
            new Claim(ClaimTypes.Role, role.RoleName()),
            new Claim(MethodClaim, method),
            .. keyId is null ? Array.Empty<Claim>() : [new Claim(CampaignClaims.KeyId, keyId)],
        ], Scheme));

    /// <summary>
    /// Checks the session on every request against what is stored now: a revoked or expired key ends it, and the
    /// campaigns a person may work on are those of their memberships today (remembered for a few seconds, as for keys).
    /// </summary>
    public static async Task Refresh(CookieValidatePrincipalContext context)
    {
        if (context.Principal?.Identity?.Name is not { } name) return;
        var services = context.HttpContext.RequestServices;
        var recent = services.GetRequiredService<IMemoryCache>();
        var changes = services.GetRequiredService<AccessChanges>();
        var keyId = context.Principal.FindFirstValue(CampaignClaims.KeyId);
        var cacheKey = (nameof(ConsoleAuthentication), name, keyId, changes.Generation);

        if (!recent.TryGetValue(cacheKey, out (bool Active, Claim[] Memberships) state))
        {
            var store = services.GetRequiredService<IDocumentStore>();
            await using var session = store.QuerySession();
            var active = keyId is null || await session.LoadAsync<ApiKey>(keyId, context.HttpContext.RequestAborted) is { } key
                && key.Owner == name && key.IsActiveAt(services.GetRequiredService<TimeProvider>().GetUtcNow());
            state = recent.Set(cacheKey, (active, (await Membership.ClaimsOf(session, name, context.HttpContext.RequestAborted)).ToArray()),
                AccessChanges.CacheFor);
        }
        if (!state.Active)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
            return;
        }
        var identity = new ClaimsIdentity(context.Principal.Claims.Where(c => c.Type != CampaignClaims.Campaign), Scheme);
        identity.AddClaims(state.Memberships);
        context.ReplacePrincipal(new ClaimsPrincipal(identity));
    }
}

/// <summary>Requires a console session and the API's policy of that name.</summary>
public sealed class ConsoleAuthorizeAttribute : AuthorizeAttribute
{
    public ConsoleAuthorizeAttribute(string policy) : base(policy) => AuthenticationSchemes = ConsoleAuthentication.Scheme;

    /// <summary>Any console session.</summary>
    public ConsoleAuthorizeAttribute() => AuthenticationSchemes = ConsoleAuthentication.Scheme;
}
