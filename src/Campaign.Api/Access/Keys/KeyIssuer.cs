using Campaign.Confidentiality;
using Marten;

namespace Campaign.Access.Keys;

/// <summary>The key as handed over, once: the only moment the full key exists outside its owner's hands.</summary>
public sealed record IssuedKey(
    [property: Internal] string Id,
    [property: Confidential] string Key,
    [property: Internal] string Owner,
    [property: Internal] Role Role,
    [property: Internal] DateTimeOffset? ExpiresAt);

/// <summary>Issues keys, for the API, the <c>keys</c> command and the demo.</summary>
public sealed class KeyIssuer(IDocumentStore store, TimeProvider clock, AccessChanges changes)
{
    public async Task<IssuedKey> Issue(string owner, Role role, string? description, DateTimeOffset? expiresAt, string issuedBy,
        CancellationToken ct = default)
    {
        var (record, key) = ApiKey.Issue(owner, role, description, expiresAt, issuedBy, clock.GetUtcNow());
        await using var session = store.LightweightSession();
        session.Insert(record);
        await session.SaveChangesAsync(ct);
        return new IssuedKey(record.Id, key, owner, role, expiresAt);
    }

    /// <summary>Revokes a key; false when there is no such key. Takes effect on the next request made with it, on every node.</summary>
    public async Task<bool> Revoke(string id, string revokedBy, CancellationToken ct = default)
    {
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<ApiKey>(id, ct) is not { } key) return false;
        Revoke(session, key, revokedBy);
        AccessChanges.Announce(session);
        await session.SaveChangesAsync(ct);
        changes.Changed();
        return true;
    }

    /// <summary>Revokes the owner's active keys, e.g. an earlier demo run's.</summary>
    public async Task RevokeAllOf(string owner, string revokedBy, CancellationToken ct = default)
    {
        await using var session = store.LightweightSession();
        foreach (var key in await session.Query<ApiKey>().Where(k => k.Owner == owner && k.RevokedAt == null).ToListAsync(ct))
            Revoke(session, key, revokedBy);
        AccessChanges.Announce(session);
        await session.SaveChangesAsync(ct);
        changes.Changed();
    }

    private void Revoke(IDocumentSession session, ApiKey key, string revokedBy)
    {
        if (key.RevokedAt is not null) return;
        (key.RevokedAt, key.RevokedBy) = (clock.GetUtcNow(), revokedBy);
        session.Update(key);
    }
}
