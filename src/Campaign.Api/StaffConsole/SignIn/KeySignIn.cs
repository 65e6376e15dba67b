using Campaign.Access;
using Campaign.Access.Keys;
using Marten;

namespace Campaign.StaffConsole.SignIn;

/// <summary>Exchanges an API key for a console session: the key must be valid, active, and not a partner's.</summary>
public sealed class KeySignIn(IDocumentStore store, TimeProvider clock, ILogger<KeySignIn> logger)
{
    public async Task<(ApiKey? Key, string? Refusal)> Check(string? credential, string remoteAddress, CancellationToken ct)
    {
        var given = credential?.Trim() ?? "";
        if (!ApiKey.TryParse(given, out var id, out var secret)) return Refuse(null, "This is not an access key. It begins with cmp_.");

        await using var session = store.QuerySession();
        var key = await session.LoadAsync<ApiKey>(id, ct);
        if (key is null || !key.Matches(secret)) return Refuse(id, "This key is not known. Check that it was copied whole.");
        if (!key.IsActiveAt(clock.GetUtcNow())) return Refuse(id, "This key has expired or was revoked. Ask an administrator for a new one.");
        if (key.Role == Role.Partner) return Refuse(id, "Partner keys read the feed and cannot sign in to the console.");
        return (key, null);

        (ApiKey?, string?) Refuse(string? keyId, string refusal)
        {
            logger.LogWarning("Refused console sign-in with key {KeyId} from {RemoteAddress}: {Reason}", keyId ?? "(unparseable)", remoteAddress, refusal);
            return (null, refusal);
        }
    }
}
