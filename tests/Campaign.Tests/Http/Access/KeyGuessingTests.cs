using System.Net;
using System.Security.Cryptography;
using Alba;
using Campaign.Access;
using Campaign.Tests.Partners;
using Campaign.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Campaign.Tests.Http.Access;

/// <summary>
/// Invented keys sent from one address cost a database lookup only within that address's budget for requests without a
/// valid credential; beyond it, they are answered 429 at once. On a database of its own, so that the lookups counted are
/// these requests' only.
/// </summary>
public sealed class KeyGuessingTests : IAsyncLifetime
{
    private const int Budget = 3;
    private static readonly IPAddress Guesser = IPAddress.Parse("10.7.0.1"), Elsewhere = IPAddress.Parse("10.7.0.2");
    private DedicatedHost dedicated = null!;

    public async Task InitializeAsync() =>
        dedicated = await DedicatedHost.Start("_guesses", new Dictionary<string, string>
        {
            ["Limits:UnauthenticatedRequestsPerMinute"] = Budget.ToString(),
            ["Projections:Daemon"] = "Disabled",
        });

    public async Task DisposeAsync() => await dedicated.DisposeAsync();

    private static string Invented() => $"cmp_{RandomNumberGenerator.GetHexString(16, lowercase: true)}_guess";

    private Task<IScenarioResult> Get(string? key, int status, IPAddress from) =>
        dedicated.Host.Scenario(s =>
        {
            s.Get.Url("/api/campaigns");
            s.ConfigureHttpContext(context => context.Connection.RemoteIpAddress = from);
            if (key is not null) s.WithRequestHeader("Authorization", $"Bearer {key}");
            s.StatusCodeShouldBe(status);
        });

    [Fact]
    public async Task Beyond_the_budget_invented_keys_are_answered_429_without_a_lookup_and_known_keys_still_work()
    {
        var staff = (await dedicated.As(Role.Staff, "staff@guesses.test")).Key;
        await Get(staff, 200, Elsewhere); // this node has now found that key
        using var lookups = new DatabaseCommands(new NpgsqlConnectionStringBuilder(dedicated.ConnectionString).Database!,
            sql => sql.Contains("mt_doc_apikey"));

        for (var i = 0; i < Budget; i++) await Get(Invented(), 401, Guesser);
        Assert.Equal(Budget, lookups.Count); // each was looked up

        for (var i = 0; i < 20; i++)
        {
            var refused = await Get(Invented(), 429, Guesser);
            Assert.True(int.Parse(refused.Context.Response.Headers.RetryAfter!) is > 0 and <= 60);
            Assert.Equal("application/problem+json", refused.Context.Response.ContentType);
            Assert.Contains("without a valid credential", await refused.ReadAsTextAsync());
        }
        Assert.Equal(Budget, lookups.Count); // none of them was

        // A key this node has found is checked again (here because keys changed) without that budget: it still works there.
        dedicated.Host.Services.GetRequiredService<AccessChanges>().Changed();
        await Get(staff, 200, Guesser);
        // One it has not seen yet is checked within the address's budget: refused from there until the minute is over, not elsewhere.
        var auditor = (await dedicated.As(Role.Auditor, "auditor@guesses.test")).Key;
        await Get(auditor, 429, Guesser);
        await Get(auditor, 200, Elsewhere);
        await Get(Invented(), 401, Elsewhere);
    }
}
