using System.Net;
using System.Text.Json;
using Alba;
using Campaign.Access;
using Campaign.Partners.Feed.Tokens;
using Campaign.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Campaign.Tests.Partners;

/// <summary>
/// A partner's dashboard in a browser on its own site: CORS for the configured origin only, and the live stream opened
/// with a short-lived token in the query (EventSource sends no header), which opens nothing else, is never logged, and
/// ends the stream it opened when it expires. The tests move the service's clock.
/// </summary>
public sealed class BrowserPartnerTests : IAsyncLifetime
{
    private const string Dashboard = "https://dashboard.partner.example";
    private readonly LogCapture logs = new();
    private readonly MovableClock clock = new();
    private DedicatedHost dedicated = null!;
    private Api admin = null!, partner = null!;

    public async Task InitializeAsync()
    {
        dedicated = await DedicatedHost.Start("_browser", new Dictionary<string, string>
        {
            ["Confidentiality:MasterKey"] = AppFixture.MasterKey,
            ["Cors:Origins"] = $"{Dashboard}, https://other.partner.example",
            // Everything is logged, so that only the service's own filter can keep a token out of the logs.
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Trace",
        }, services: s => s.AddLogging(l => l.AddProvider(logs)).AddSingleton<TimeProvider>(clock));
        admin = await dedicated.As(Role.Admin, "browser-admin@test");
        partner = await dedicated.As(Role.Partner, "browser-partner@test");
    }

    public async Task DisposeAsync() => await dedicated.DisposeAsync();

    [Theory]
    [InlineData("/api/feed")]
    [InlineData("/api/feed/live")]
    [InlineData("/api/campaigns")]
    public async Task A_configured_origin_may_read_from_a_browser_and_another_may_not(string path)
    {
        var allowed = await Preflight(path, Dashboard, "GET");
        Assert.Equal(Dashboard, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("authorization", allowed.Headers.GetValues("Access-Control-Allow-Headers").Single().ToLowerInvariant());

        var refused = await Preflight(path, "https://elsewhere.example", "GET");
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));

        using var read = new HttpRequestMessage(HttpMethod.Get, "/api/campaigns");
        read.Headers.Add("Origin", Dashboard);
        using var answer = await partner.Client().SendAsync(read);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(Dashboard, answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Writes_and_the_console_are_not_open_to_other_origins()
    {
        foreach (var (path, method) in new[] { ("/api/campaigns", "POST"), ("/api/feed/tokens", "POST"), ("/campaigns", "GET"), ("/", "GET") })
            Assert.False((await Preflight(path, Dashboard, method)).Headers.Contains("Access-Control-Allow-Origin"), $"{method} {path}");
    }

    [Fact]
    public async Task A_token_opens_the_live_stream_with_its_filters_and_nothing_else()
    {
        var campaign = await admin.LaunchCampaign("Browser partner");
        var other = await admin.LaunchCampaign("Not this one");
        var token = await Token(partner, $"campaign={campaign}");
        Assert.InRange(token.ExpiresAt, clock.GetUtcNow().AddMinutes(1), clock.GetUtcNow().AddMinutes(10));

        await using (var stream = await LiveStreamReader.Open(dedicated.Host.Server.CreateClient(), $"after=0&access_token={token.Token}"))
        {
            Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
            var defendant = await admin.RegisterDefendant(campaign);
            await admin.RegisterDefendant(other);
            await Eventually.Holds(() => stream.Ids.Count >= 2, TimeSpan.FromSeconds(30), "the campaign's two events on the stream");
            var expected = await EventsOf(campaign);
            await Eventually.Holds(() => stream.Ids.SequenceEqual(expected), TimeSpan.FromSeconds(10), "only the token's campaign");
            Assert.NotEqual(Guid.Empty, defendant);
        }

        // The token opens nothing but the live stream, and cannot widen its filters.
        await Status(HttpStatusCode.Unauthorized, $"/api/feed?access_token={token.Token}");
        await Status(HttpStatusCode.Unauthorized, $"/api/campaigns?access_token={token.Token}");
        await Status(HttpStatusCode.BadRequest, $"/api/feed/live?campaign={other}&access_token={token.Token}");

        Assert.DoesNotContain(logs.Lines, line => line.Contains(token.Token[..40], StringComparison.Ordinal));
        Assert.Contains(logs.Lines, line => line.Contains("Microsoft.AspNetCore", StringComparison.Ordinal)); // the capture hears the framework
    }

    [Fact]
    public async Task An_expired_altered_or_other_purpose_token_is_refused()
    {
        var tokens = dedicated.Host.Services.GetRequiredService<LiveStreamTokens>();
        var keyId = partner.Key!.Split('_')[1];
        var good = (await Token(partner)).Token;
        var (payload, mac) = (good.Split('.')[0], good.Split('.')[1]);
        var future = clock.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds();

        string[] refused =
        [
            tokens.Sign(new LiveStreamGrant(LiveStreamTokens.Purpose, keyId, clock.GetUtcNow().AddSeconds(-1).ToUnixTimeSeconds(), null, null)),
            tokens.Sign(new LiveStreamGrant("webhook-replay", keyId, future, null, null)),
            $"{payload}.{(mac[0] == 'A' ? 'B' : 'A')}{mac[1..]}",
            $"{System.Buffers.Text.Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new LiveStreamGrant(LiveStreamTokens.Purpose, keyId, future + 3600, null, null)))}.{mac}",
            "not-a-token", "",
        ];
        foreach (var token in refused.Where(t => t.Length > 0))
            await Status(HttpStatusCode.Unauthorized, $"/api/feed/live?access_token={Uri.EscapeDataString(token)}");
        await Status(HttpStatusCode.OK, $"/api/feed/live?access_token={good}");
    }

    [Fact]
    public async Task A_stream_opened_with_a_token_ends_when_the_token_expires_and_a_new_token_resumes_it()
    {
        var campaign = await admin.LaunchCampaign("Token expiry");
        var token = (await Token(partner)).Token;
        await using var byToken = await LiveStreamReader.Open(dedicated.Host.Server.CreateClient(), $"after=0&access_token={token}");
        await using var byKey = await LiveStreamReader.Open(partner.Client(), "after=0");
        await admin.RegisterDefendant(campaign);
        await Reached(campaign, byToken, byKey);

        // Short of the expiry, the token's stream goes on.
        clock.Advance(LiveStreamTokens.Lifetime - TimeSpan.FromMinutes(1));
        await admin.RegisterDefendant(campaign);
        await Reached(campaign, byToken, byKey);
        Assert.False(byToken.Ended.IsCompleted);

        clock.Advance(TimeSpan.FromMinutes(1));
        await byToken.Ended.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains(byToken.Comments, comment => comment.StartsWith(": token expired", StringComparison.Ordinal));
        var seenBeforeExpiry = byToken.Ids;

        // A stream opened with the key itself is not cut: the next event still reaches it.
        await admin.RegisterDefendant(campaign);
        await Reached(campaign, byKey);
        Assert.False(byKey.Ended.IsCompleted);

        // EventSource's own reconnection with the expired token is refused; a new token resumes after the last event received.
        await Status(HttpStatusCode.Unauthorized, $"/api/feed/live?access_token={token}");
        var fresh = (await Token(partner)).Token;
        await using var resumed = await LiveStreamReader.Open(dedicated.Host.Server.CreateClient(), $"access_token={fresh}", lastEventId: seenBeforeExpiry[^1].ToString());
        var expected = await EventsOf(campaign);
        Assert.True(expected.Count > seenBeforeExpiry.Count);
        await Eventually.Holds(() => expected.SequenceEqual([.. seenBeforeExpiry, .. resumed.Ids]), TimeSpan.FromSeconds(30),
            "the events recorded after the expiry, and no other, on the resumed stream");
    }

    /// <summary>Waits until each stream has received every event of the campaign, in order, as the feed serves them.</summary>
    private async Task Reached(Guid campaign, params LiveStreamReader[] streams)
    {
        await dedicated.CaughtUp();
        var expected = await EventsOf(campaign);
        await Eventually.Holds(() => streams.All(s => s.Ids.SequenceEqual(expected)), TimeSpan.FromSeconds(30), "every event of the campaign on the streams");
    }

    [Fact]
    public async Task A_revoked_keys_tokens_stop_working()
    {
        var leaving = await dedicated.As(Role.Partner, "browser-leaving@test");
        var token = (await Token(leaving)).Token;
        await Status(HttpStatusCode.OK, $"/api/feed/live?access_token={token}");

        await admin.Delete($"/api/keys/{leaving.Key!.Split('_')[1]}");

        await Status(HttpStatusCode.Unauthorized, $"/api/feed/live?access_token={token}");
    }

    [Fact]
    public async Task Tokens_are_made_for_known_event_types_only()
    {
        using var answer = await partner.Client().PostAsync("/api/feed/tokens?type=org.campaign.charge-escalated.v1,org.campaign.nothing.v1", null);
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.True(JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("type", out _));
    }

    private static async Task<LiveStreamToken> Token(Api api, string query = "")
    {
        using var answer = await api.Client().PostAsync($"/api/feed/tokens?{query}", null);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return JsonSerializer.Deserialize<LiveStreamToken>(await answer.Content.ReadAsStringAsync(), api.Json)!;
    }

    private async Task<HttpResponseMessage> Preflight(string path, string origin, string method)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "authorization");
        return await dedicated.Host.Server.CreateClient().SendAsync(request);
    }

    /// <summary>Opens the address without any header and checks the status of the answer's start, leaving at once.</summary>
    private async Task Status(HttpStatusCode expected, string url)
    {
        using var client = dedicated.Host.Server.CreateClient();
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        Assert.True(expected == response.StatusCode, $"{url[..Math.Min(url.Length, 60)]}…: {response.StatusCode}, not {expected}");
    }

    private async Task<List<long>> EventsOf(Guid campaign)
    {
        var page = await partner.Get<JsonElement>($"/api/feed?campaign={campaign}&limit=1000");
        return page.GetProperty("events").EnumerateArray().Select(e => long.Parse(e.GetProperty("sequence").GetString()!)).ToList();
    }
}
