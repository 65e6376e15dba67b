using System.Security.Cryptography;
using System.Text;
using Campaign.Access;
using Campaign.Campaigns.Launching;
using Campaign.Infrastructure.Writing;
using Campaign.Tests.Support;
using Marten;

namespace Campaign.Tests.Http.Access;

/// <summary>The fingerprints kept of idempotent requests are keyed with the master key: a copy of the database cannot test guesses.</summary>
[Collection(AppCollection.Name)]
public sealed class FingerprintTests(AppFixture app)
{
    [Fact]
    public async Task A_stored_fingerprint_depends_on_the_master_key_and_still_recognises_a_retry()
    {
        var owner = $"fingerprints-{Guid.NewGuid():N}@test";
        var key = Guid.NewGuid().ToString();
        var launch = new LaunchCampaign($"Campaign {key}", "Kazakhstan", null, null);
        var here = app.Admin.As((await app.IssueKey(Role.Staff, owner)).Key);
        await using var elsewhere = await DedicatedHost.Start("_fingerprints",
            new Dictionary<string, string> { ["Confidentiality:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
        var there = await elsewhere.As(Role.Staff, owner);

        foreach (var api in new[] { here, there })
        {
            var first = await api.Post("/api/campaigns", launch, 201, (Idempotency.HttpHeader, key));
            Assert.Equal(first, await api.Post("/api/campaigns", launch, 201, (Idempotency.HttpHeader, key)));
            await api.Reject("/api/campaigns", launch with { Country = "Kyrgyzstan" }, 422, (Idempotency.HttpHeader, key));
        }

        var request = Encoding.UTF8.GetBytes($"{nameof(LaunchCampaign)} \n{here.Serialize(launch)}"); // the command, addressing no stream
        var (fingerprint, fingerprintElsewhere) = (await Fingerprint(app.Store, key), await Fingerprint(elsewhere.Store, key));
        Assert.Equal(Keyed(AppFixture.MasterKey, request), fingerprint); // as documented: HMAC-SHA256 with a key derived by HKDF
        Assert.NotEqual(Convert.ToHexString(SHA256.HashData(request)), fingerprint);
        Assert.NotEqual(fingerprint, fingerprintElsewhere);
    }

    private static string Keyed(string masterKey, byte[] request)
    {
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Convert.FromBase64String(masterKey), 32, info: Encoding.UTF8.GetBytes("idempotency-fingerprint"));
        return Convert.ToHexString(HMACSHA256.HashData(key, request));
    }

    private static async Task<string> Fingerprint(IDocumentStore store, string key)
    {
        await using var session = store.QuerySession();
        return (await session.Query<IdempotentWrite>().Where(w => w.Id.EndsWith($"|{key}")).SingleAsync()).Fingerprint;
    }
}
