using System.Net;
using Campaign.Access;
using Campaign.Tests.Support;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Console;

[Collection(AppCollection.Name)]
public sealed class SignInTests(AppFixture app)
{
    [Fact]
    public async Task A_page_without_a_session_sends_the_browser_to_sign_in_while_the_api_still_answers_401()
    {
        var browser = new ConsoleClient(app.Host);

        var page = await browser.Get("/campaigns");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/?returnUrl=%2Fcampaigns", page.Headers.Location!.PathAndQuery);

        var api = await browser.Get("/api/campaigns");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("Bearer", api.Headers.WwwAuthenticate.ToString());

        var withApiKey = app.Admin.Client();
        foreach (var url in new[] { "/campaigns", $"/campaigns/{Guid.NewGuid()}", $"/defendants/{Guid.NewGuid()}", "/search?name=a" })
        {
            var refused = await withApiKey.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode); // an API key is no console session
            Assert.StartsWith("/?returnUrl=", refused.Headers.Location!.PathAndQuery);
        }

        var signIn = await browser.Page("/");
        Assert.Contains("<label for=\"Key\">Your access key</label>", signIn);
    }

    [Fact]
    public async Task A_staff_key_is_exchanged_for_a_strict_httponly_session_cookie_that_the_api_does_not_accept()
    {
        var key = await app.IssueKey(Role.Staff, $"signin-{Guid.NewGuid():N}@test");
        var browser = new ConsoleClient(app.Host);

        var response = await browser.SignIn(key.Key, "/campaigns");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/campaigns", response.Headers.Location!.OriginalString);
        var setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("campaign.session=", StringComparison.Ordinal));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(key.Key, setCookie);
        Assert.Contains("Campaigns</h1>", await browser.Page("/campaigns"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Get("/api/campaigns")).StatusCode);
    }

    [Theory]
    [InlineData("cmp_0123456789abcdef_wrong", "This key is not known")]
    [InlineData("not a key", "This is not an access key")]
    [InlineData("", "Enter your access key.")]
    public async Task A_bad_key_is_refused_beside_the_field(string key, string message)
    {
        var browser = new ConsoleClient(app.Host);

        var response = await browser.SignIn(key);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Matches($"<span class=\"error field-validation-error\" id=\"key-error\"[^>]*>{message}", page);
        Assert.DoesNotContain(browser.Cookies, c => c.Name == "campaign.session");
    }

    [Fact]
    public async Task Partner_keys_cannot_sign_in()
    {
        var partner = await app.IssueKey(Role.Partner, $"partner-{Guid.NewGuid():N}@test");
        var browser = new ConsoleClient(app.Host);

        var page = await (await browser.SignIn(partner.Key)).Content.ReadAsStringAsync();

        Assert.Contains("Partner keys read the feed and cannot sign in", page);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Get("/campaigns")).StatusCode);
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused()
    {
        var key = await app.IssueKey(Role.Staff, $"csrf-{Guid.NewGuid():N}@test");
        var browser = new ConsoleClient(app.Host);
        await browser.Page("/"); // the antiforgery cookie, but no token in the form

        var response = await browser.PostWithoutToken("/", new Dictionary<string, string> { ["Key"] = key.Key });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(browser.Cookies, c => c.Name == "campaign.session");
    }

    [Fact]
    public async Task Signing_out_or_revoking_the_key_ends_the_session()
    {
        var key = await app.IssueKey(Role.Staff, $"signout-{Guid.NewGuid():N}@test");
        var browser = await new ConsoleClient(app.Host).SignedIn(key.Key);
        await browser.Page("/campaigns");

        var signOut = await browser.Submit("/campaigns", new Dictionary<string, string>(), "/sign-out");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Get("/campaigns")).StatusCode);

        var again = await new ConsoleClient(app.Host).SignedIn(key.Key);
        await again.Page("/campaigns");
        await app.Admin.Delete($"/api/keys/{key.Id}");
        Assert.Equal(HttpStatusCode.Redirect, (await again.Get("/campaigns")).StatusCode);
    }

    [Fact]
    public async Task Staff_see_only_their_campaigns_and_are_refused_another_ones_pages()
    {
        var mine = await app.As(Role.Staff);
        var other = await app.As(Role.Staff);
        var (myCampaign, myDefendant, _) = await mine.ChargedDefendant();
        var (theirCampaign, theirDefendant, _) = await other.ChargedDefendant();
        await app.ViewsCaughtUp();
        var browser = await new ConsoleClient(app.Host).SignedIn(mine.Key!);

        var list = await browser.Page("/campaigns");
        Assert.Contains($"/campaigns/{myCampaign}", list);
        Assert.DoesNotContain($"/campaigns/{theirCampaign}", list);
        await browser.Page($"/campaigns/{myCampaign}");
        await browser.Page($"/defendants/{myDefendant}");
        foreach (var url in new[] { $"/campaigns/{theirCampaign}", $"/defendants/{theirDefendant}", $"/defendants/{theirDefendant}/history",
                     $"/campaigns/{theirCampaign}/history" })
        {
            var refused = await browser.Get(url);
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.StartsWith("/refused", refused.Headers.Location!.PathAndQuery);
        }
    }

    [Fact]
    public async Task Auditors_see_every_campaign()
    {
        var (campaign, _, _) = await app.Api.ChargedDefendant();
        await app.ViewsCaughtUp();
        var auditor = await app.IssueKey(Role.Auditor, $"auditor-{Guid.NewGuid():N}@test");
        var browser = await new ConsoleClient(app.Host).SignedIn(auditor.Key);

        Assert.Contains($"/campaigns/{campaign}", await browser.Page("/campaigns"));
        await browser.Page($"/campaigns/{campaign}");
    }
}
