using System.Runtime.Versioning;
using System.Text.Json;
using Campaign.Access.Keys;
using Campaign.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Http.Access;

/// <summary>The admin key deploy/run.sh prints is kept in a file of its owner's only and printed again, until it no longer works.</summary>
[Collection(AppCollection.Name), UnsupportedOSPlatform("windows")]
public sealed class KeptKeyTests(AppFixture app) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("kept-key-").FullName;
    private readonly string owner = $"kept-{Guid.NewGuid():N}@test";
    private string KeyFile => Path.Combine(folder, "admin-key");
    private KeptKey Kept => app.Host.Services.GetRequiredService<KeptKey>();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task The_key_is_kept_in_a_file_only_its_owner_reads_and_is_the_same_at_the_next_start()
    {
        var first = await Kept.Keep(KeyFile, owner);

        Assert.Equal("none was kept yet", first.WhyNew);
        Assert.Equal(first.Key, (await File.ReadAllTextAsync(KeyFile)).Trim());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
        await Works(first.Key);

        Assert.Equal((first.Key, (string?)null), await Kept.Keep(KeyFile, owner));
        await Works(first.Key);
    }

    [Fact]
    public async Task A_revoked_key_is_replaced_saying_so()
    {
        var (revoked, _) = await Kept.Keep(KeyFile, owner);
        ApiKey.TryParse(revoked, out var id, out _);
        await app.Host.Services.GetRequiredService<KeyIssuer>().Revoke(id, "test");

        var (key, whyNew) = await Kept.Keep(KeyFile, owner);

        Assert.Equal("the kept key was revoked", whyNew);
        Assert.NotEqual(revoked, key);
        Assert.Equal(key, (await File.ReadAllTextAsync(KeyFile)).Trim());
        await Works(key);
        await Refused(revoked);
    }

    [Fact]
    public async Task A_key_the_database_does_not_hold_after_a_reset_is_replaced_saying_so_and_the_owners_other_keys_are_revoked()
    {
        var (lost, _) = await Kept.Keep(KeyFile, owner); // a key of the owner's whose file is then lost
        await File.WriteAllTextAsync(KeyFile, "cmp_0123456789abcdef_from-a-database-since-reset\n");

        var (key, whyNew) = await Kept.Keep(KeyFile, owner);

        Assert.Equal("the kept key is not in this database (was it reset?)", whyNew);
        await Works(key);
        await Refused(lost);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
    }

    private Task Works(string key) => app.Admin.As(key).Get<JsonElement>("/api/keys");

    private Task Refused(string key) => app.Admin.As(key).Get<JsonElement>("/api/keys", 401);
}
