using System.Security.Claims;
using System.Text.Encodings.Web;
using Campaign.Access.Keys;
using Campaign.Access.Members;
using Campaign.Infrastructure.Hardening;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Campaign.Access;

/// <summary>
/// Authenticates <c>Authorization: Bearer cmp_…</c> or <c>X-Api-Key: cmp_…</c> against the stored, salted hash.
/// A failed attempt is logged with the key's public id and the caller's address, never with the secret.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IDocumentStore store, TimeProvider clock, IMemoryCache recent, UnknownKeys unknown, AccessChanges changes, RequestBudgets budgets)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    // Compared against when the key id is unknown, so that unknown and wrong keys take the same time.
    private static readonly ApiKey Decoy = ApiKey.Issue("decoy", Role.Partner, null, null, "decoy", DateTimeOffset.UnixEpoch).Record;

    public static string? CredentialOf(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return authorization["Bearer ".Length..].Trim();
        var apiKey = request.Headers[HeaderName].ToString();
        return apiKey.Length > 0 ? apiKey.Trim() : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (CredentialOf(Request) is not { } credential) return AuthenticateResult.NoResult();
        if (!ApiKey.TryParse(credential, out var id, out var secret) || !id.All(char.IsAsciiHexDigitLower))
            return Reject("malformed key", null);

        if (await Lookup(id) is not { } found) return AuthenticateResult.Fail("Too many key checks from this address.");
        var (key, memberships) = found;
        var matches = (key ?? Decoy).Matches(secret);
        if (key is null || !matches) return Reject("unknown key or wrong secret", id);
        if (!key.IsActiveAt(clock.GetUtcNow())) return Reject(key.RevokedAt is null ? "expired key" : "revoked key", id);

        Claim[] claims =
        [
            new(ClaimTypes.Name, key.Owner),
            new(ClaimTypes.Role, key.Role.RoleName()),
            new(CampaignClaims.KeyId, key.Id),
            .. memberships,
        ];
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    /// <summary>
    /// The stored key and its owner's memberships; remembered briefly (the secret is still checked every time), and so is
    /// an id that names no key, in a cache of its own that invented ids cannot grow without bound. An id this node has not
    /// found to name a key in the last <see cref="KnownKeyFor"/> is looked up only with a permit of the caller's address
    /// budget: null when that budget is spent, and then the database is not asked.
    /// </summary>
    private async Task<(ApiKey? Key, Claim[] Memberships)?> Lookup(string id)
    {
        var generation = changes.Generation;
        if (unknown.Contains(id, generation)) return (null, []);
        var cacheKey = (nameof(ApiKeyAuthentication), id, generation);
        if (recent.TryGetValue(cacheKey, out (ApiKey?, Claim[]) found)) return found;
        var knownKey = (nameof(KnownKeyFor), id);
        if (!recent.TryGetValue(knownKey, out _) && !budgets.SpendBeforeAuthentication(Context)) return null;

        await using var session = store.QuerySession();
        if (await session.LoadAsync<ApiKey>(id, Context.RequestAborted) is not { } key)
        {
            unknown.Add(id, generation);
            return (null, []);
        }
        recent.Set(knownKey, true, new MemoryCacheEntryOptions { SlidingExpiration = KnownKeyFor });
        var memberships = (await Membership.ClaimsOf(session, key.Owner, Context.RequestAborted)).ToArray();
        return recent.Set(cacheKey, (key, memberships), AccessChanges.CacheFor);
    }

    /// <summary>How long an id found to name a key is checked without spending the address's budget (since it was last used).</summary>
    public static readonly TimeSpan KnownKeyFor = TimeSpan.FromHours(1);

    private AuthenticateResult Reject(string reason, string? keyId)
    {
        Logger.LogWarning("Rejected API key {KeyId} from {RemoteAddress}: {Reason}",
            keyId ?? "(unparseable)", Context.Connection.RemoteIpAddress, reason);
        return AuthenticateResult.Fail("Invalid API key.");
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (RequestBudgets.RefusedBeforeAuthentication(Context) is { } retryAfter)
        {
            await budgets.Refuse(Context, retryAfter);
            return;
        }
        Response.Headers.WWWAuthenticate = "Bearer";
        await base.HandleChallengeAsync(properties);
    }
}

/// <summary>
/// Key ids found to name no key, remembered for <see cref="AccessChanges.CacheFor"/> (or until keys change) so that a
/// client repeating a wrong key costs no lookup each time; at most <c>Limits:UnknownKeysRemembered</c> (10,000) of them,
/// so that a flood of invented ids cannot fill memory: beyond that, they are looked up again.
/// </summary>
public sealed class UnknownKeys(IOptions<LimitOptions> limits) : IDisposable
{
    private readonly MemoryCache ids = new(new MemoryCacheOptions { SizeLimit = limits.Value.UnknownKeysRemembered });

    public int Count => ids.Count;

    public bool Contains(string id, long generation) => ids.TryGetValue((id, generation), out _);

    public void Add(string id, long generation) =>
        ids.Set((id, generation), true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = AccessChanges.CacheFor });

    public void Dispose() => ids.Dispose();
}
