using Marten;

namespace Campaign.Access.Keys;

/// <summary>
/// An admin key kept in a file between runs (<c>deploy/run.sh</c> keeps the demo's in <c>.local/admin-key</c>, readable
/// by its owner only): the same key at every start while it still works; a new one, saying why, when the file holds none
/// or its key was revoked, has expired or is not in this database (a database reset). A new key revokes the owner's
/// earlier ones, which no one could show again.
/// </summary>
public sealed class KeptKey(IDocumentStore store, KeyIssuer issuer, TimeProvider clock)
{
    /// <summary>The key, and why it is new (null when it is the kept one).</summary>
    public async Task<(string Key, string? WhyNew)> Keep(string path, string owner, CancellationToken ct = default)
    {
        var kept = File.Exists(path) ? (await File.ReadAllTextAsync(path, ct)).Trim() : null;
        if (await WhyNotUsable(kept, owner, ct) is not { } whyNew) return (kept!, null);

        await issuer.RevokeAllOf(owner, owner, ct);
        var issued = await issuer.Issue(owner, Role.Admin, "Admin key kept by deploy/run.sh", null, owner, ct);
        Write(path, issued.Key);
        return (issued.Key, whyNew);
    }

    private async Task<string?> WhyNotUsable(string? kept, string owner, CancellationToken ct)
    {
        if (kept is null) return "none was kept yet";
        if (!ApiKey.TryParse(kept, out var id, out var secret)) return "the file held no key";
        await using var session = store.QuerySession();
        var key = await session.LoadAsync<ApiKey>(id, ct);
        if (key is null || !key.Matches(secret)) return "the kept key is not in this database (was it reset?)";
        if (key.RevokedAt is not null) return "the kept key was revoked";
        if (!key.IsActiveAt(clock.GetUtcNow())) return "the kept key has expired";
        return key.Owner == owner && key.Role == Role.Admin ? null : "the kept key is not this admin key";
    }

    /// <summary>Written whole (a new file moved over the old), readable and writable by its owner only.</summary>
    private static void Write(string path, string key)
    {
        var written = path + ".new";
        File.Delete(written);
        var creation = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) creation.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(written, creation))
            writer.WriteLine(key);
        File.Move(written, path, overwrite: true);
    }
}
