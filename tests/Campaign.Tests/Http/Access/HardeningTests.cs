using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Security.Claims;
using System.Text;
using Alba;
using Campaign.Access;
using Campaign.Tests.Support;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Campaign.Tests.Http.Access;

/// <summary>A second instance of the service on the same database, with small limits and a local identity provider.</summary>
public sealed class LimitedHost : IAsyncLifetime
{
    public const string SigningKey = "a-local-identity-provider-signing-key-for-tests-only";
    public const int RequestsPerMinute = 5;
    public const int UnauthenticatedPerMinute = 3;
    public const int UnknownKeysRemembered = 20;
    public static readonly IPAddress Proxy = IPAddress.Parse("10.9.250.1");

    public IAlbaHost Host { get; private set; } = null!;
    public LogCapture Logs { get; } = new();

    public async Task InitializeAsync()
    {
        JasperFxEnvironment.AutoStartHost = true;
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("Limits:RequestsPerMinute", RequestsPerMinute.ToString());
            builder.UseSetting("Limits:MaxRequestBodyBytes", "2048");
            builder.UseSetting("Limits:UnauthenticatedRequestsPerMinute", UnauthenticatedPerMinute.ToString());
            builder.UseSetting("Limits:UnknownKeysRemembered", UnknownKeysRemembered.ToString());
            builder.UseSetting("Network:KnownProxies", Proxy.ToString());
            builder.UseSetting("Projections:Daemon", "Disabled");
            builder.UseSetting("Authentication:Jwt:SigningKey", SigningKey);
            builder.UseSetting("Authentication:Jwt:Issuer", "https://idp.ngo.test");
            builder.UseSetting("Authentication:Jwt:Audience", "campaign");
            builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    public static string Token(string email, string role, string signingKey = SigningKey) =>
        new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken(
            "https://idp.ngo.test", "campaign", [new Claim("email", email), new Claim("roles", role)],
            expires: DateTime.UtcNow.AddMinutes(5),
            signingCredentials: new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256)));
}

[Collection(AppCollection.Name)]
public sealed class HardeningTests(AppFixture app, LimitedHost limited) : IClassFixture<LimitedHost>
{
    private static int addresses;

    // Each test calls from an address of its own, so that no test spends another's budget for unauthenticated requests.
    private readonly IPAddress address = new([10, 9, 0, (byte)Interlocked.Increment(ref addresses)]);

    private async Task<IScenarioResult> Get(string url, string? bearer, int status, IPAddress? from = null, string? forwardedFor = null) =>
        await limited.Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.ConfigureHttpContext(context => context.Connection.RemoteIpAddress = from ?? address);
            if (bearer is not null) s.WithRequestHeader("Authorization", $"Bearer {bearer}");
            if (forwardedFor is not null) s.WithRequestHeader("X-Forwarded-For", forwardedFor);
            s.StatusCodeShouldBe(status);
        });

    [Fact]
    public async Task A_credential_over_its_rate_is_answered_429_with_retry_after_and_others_are_not_held_back()
    {
        var busy = (await app.IssueKey(Role.Auditor, $"busy-{Guid.NewGuid():N}@test")).Key;
        var calm = (await app.IssueKey(Role.Auditor, $"calm-{Guid.NewGuid():N}@test")).Key;
        for (var i = 0; i < LimitedHost.RequestsPerMinute; i++) await Get("/api/campaigns", busy, 200);

        var refused = await Get("/api/campaigns", busy, 429);

        Assert.True(int.Parse(refused.Context.Response.Headers.RetryAfter!) is > 0 and <= 60);
        Assert.Equal("application/problem+json", refused.Context.Response.ContentType);
        await Get("/api/campaigns", calm, 200);
    }

    [Fact]
    public async Task Requests_without_a_valid_key_have_a_budget_per_address_that_spares_probes_docs_and_keys()
    {
        var auditor = (await app.IssueKey(Role.Auditor, $"neighbour-{Guid.NewGuid():N}@test")).Key;
        await Get("/api/campaigns", auditor, 200, new IPAddress([10, 9, 255, 2])); // a key in use (KeyGuessingTests: one not yet seen)
        for (var i = 0; i < LimitedHost.UnauthenticatedPerMinute; i++)
            await Get("/api/campaigns", $"cmp_{Guid.NewGuid():N}"[..20] + "_guess", 401);

        var refused = await Get("/api/campaigns", "cmp_0123456789abcdef_guess", 429);

        Assert.True(int.Parse(refused.Context.Response.Headers.RetryAfter!) is > 0 and <= 60);
        Assert.Equal("application/problem+json", refused.Context.Response.ContentType);
        Assert.Contains("without a valid credential", await refused.ReadAsTextAsync());
        await Get("/api/campaigns", null, 429);
        for (var i = 0; i < 2 * LimitedHost.RequestsPerMinute; i++)
        {
            await Get("/health", null, 200);
            await Get("/health/live", null, 200);
            await Get("/health/ready", null, 200);
            await Get("/openapi/v1.json", null, 200);
            await Get("/docs/", null, 200);
        }
        await Get("/api/campaigns", auditor, 200);
        await Get("/api/campaigns", null, 401, new IPAddress([10, 9, 255, 1]));
    }

    [Fact]
    public async Task Behind_a_known_proxy_each_forwarded_address_has_its_own_budget_and_no_one_else_may_forward()
    {
        for (var i = 0; i < LimitedHost.UnauthenticatedPerMinute; i++) await Get("/api/campaigns", null, 401, LimitedHost.Proxy, "203.0.113.7");

        await Get("/api/campaigns", null, 429, LimitedHost.Proxy, "203.0.113.7");
        await Get("/api/campaigns", null, 401, LimitedHost.Proxy, "203.0.113.8"); // another client behind the same proxy
        await Get("/api/campaigns", null, 401, LimitedHost.Proxy, "203.0.113.7, 203.0.113.9"); // the hop the proxy saw counts

        // A caller that is not a known proxy cannot pick its budget with the header.
        for (var i = 0; i < LimitedHost.UnauthenticatedPerMinute; i++) await Get("/api/campaigns", null, 401, forwardedFor: $"198.51.100.{i}");
        await Get("/api/campaigns", null, 429, forwardedFor: "198.51.100.200");
    }

    [Fact]
    public async Task Invented_keys_are_remembered_as_unknown_within_a_bound_and_apart_from_real_ones()
    {
        var unknown = limited.Host.Services.GetRequiredService<UnknownKeys>();
        var remembered = (MemoryCache)limited.Host.Services.GetRequiredService<IMemoryCache>();
        var before = remembered.Count;

        for (var i = 0; i < 2 * LimitedHost.UnknownKeysRemembered; i++)
            await Get("/api/campaigns", $"cmp_{i:x16}_guess", 401, new IPAddress([10, 8, (byte)(i / 250), (byte)(i % 250)]));

        Assert.InRange(unknown.Count, 1, LimitedHost.UnknownKeysRemembered);
        Assert.True(remembered.Count <= before, "Unknown ids went into the cache of real keys.");
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_before_it_is_read()
    {
        var staff = (await app.IssueKey(Role.Staff, $"bulky-{Guid.NewGuid():N}@test")).Key;

        await limited.Host.Scenario(s =>
        {
            s.Post.Text($$"""{"name":"{{new string('x', 4096)}}","country":"Kazakhstan"}""").ToUrl("/api/campaigns");
            s.WithRequestHeader("Content-Type", "application/json");
            s.WithRequestHeader("Authorization", $"Bearer {staff}");
            s.StatusCodeShouldBe(413);
        });
    }

    [Fact]
    public async Task A_failed_attempt_is_logged_with_the_key_id_and_never_the_secret()
    {
        await Get("/api/campaigns", "cmp_0123456789abcdef_THE-SECRET-PART", 401);

        var lines = limited.Logs.Lines.ToList();
        Assert.Contains(lines, l => l.Contains("0123456789abcdef") && l.Contains("Rejected API key"));
        Assert.DoesNotContain(lines, l => l.Contains("THE-SECRET-PART"));
    }

    [Fact]
    public async Task Answers_carry_security_headers_and_are_not_cached()
    {
        var answer = await Get("/api/campaigns", null, 401);

        var headers = answer.Context.Response.Headers;
        Assert.Equal("nosniff", headers.XContentTypeOptions);
        Assert.Equal("DENY", headers.XFrameOptions);
        Assert.Equal("no-referrer", headers["Referrer-Policy"]);
        Assert.Contains("default-src 'none'", headers.ContentSecurityPolicy.ToString());
        Assert.Equal("no-store", headers.CacheControl);
    }

    [Fact]
    public async Task A_token_from_the_identity_provider_carries_its_role_and_a_forged_one_is_refused()
    {
        await Get("/api/campaigns", LimitedHost.Token("board@ngo.test", "auditor"), 200);
        await Get("/api/keys", LimitedHost.Token("board@ngo.test", "auditor"), 403);
        await Get("/api/campaigns", LimitedHost.Token("mallory@evil.test", "admin", "a-different-key-that-the-service-does-not-trust"), 401);
    }
}
