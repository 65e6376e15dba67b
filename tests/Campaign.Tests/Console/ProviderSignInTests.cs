using System.Net;
using Alba;
using Campaign.Access;
using Campaign.StaffConsole.SignIn;
using Campaign.Tests.Support;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static Campaign.Tests.Support.Cases;
using static Campaign.Tests.Support.LocalIdentityProvider;

namespace Campaign.Tests.Console;

/// <summary>A second instance of the service on the shared database, whose console signs people in through a local provider.</summary>
public sealed class ProviderConsole : IAsyncLifetime
{
    /// <summary>The console's address as its browsers see it (HTTPS, so that the Secure correlation cookies are sent back).</summary>
    public static readonly Uri Address = new("https://localhost");

    public LocalIdentityProvider Provider { get; private set; } = null!;
    public IAlbaHost Host { get; private set; } = null!;
    public LogCapture Logs { get; } = new();

    /// <summary>Why the console last refused a sign-in through the provider, as its log says.</summary>
    public string LastRefusal() => Logs.Lines.LastOrDefault(l => l.Contains("Refused a console sign-in")) ?? "(none)";

    public async Task InitializeAsync()
    {
        Provider = await LocalIdentityProvider.Start("127.0.0.1");
        Provider.Register(Address.OriginalString);
        JasperFxEnvironment.AutoStartHost = true;
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("Limits:RequestsPerMinute", "1000000");
            builder.UseSetting("Limits:UnauthenticatedRequestsPerMinute", "1000000");
            builder.UseSetting("Projections:Daemon", "Disabled");
            builder.UseSetting("Confidentiality:MasterKey", AppFixture.MasterKey);
            foreach (var (key, value) in Provider.ConsoleSettings()) builder.UseSetting(key, value);
            builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

/// <summary>
/// Sign-in through the identity provider, as a browser without JavaScript goes through it: the console's challenge, the
/// provider's login form and its answer posted back to the console's callback (form_post), through the real pipeline.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ProviderSignInTests(AppFixture app, ProviderConsole console) : IClassFixture<ProviderConsole>
{
    private readonly ConsoleClient browser = new(console.Host, ProviderConsole.Address);
    private readonly HttpClient atProvider = new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new() });

    private Person NewPerson(string role, Spoiled spoil = Spoiled.No)
    {
        var login = $"{role}-{Guid.NewGuid():N}";
        return console.Provider.Add(new Person(login, $"{login}@ngo.test", "A person", role.Length == 0 ? [] : [role]) { Spoil = spoil });
    }

    /// <summary>The console's challenge: the address of the provider's authorize endpoint it sends the browser to.</summary>
    private async Task<string> Challenge()
    {
        var challenge = await browser.Get("/sign-in/provider?returnUrl=%2Fcampaigns");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith($"{console.Provider.Authority}/authorize?", authorize.OriginalString);
        Assert.Contains("code_challenge_method=S256", authorize.Query);
        Assert.Contains("response_mode=form_post", authorize.Query);
        return authorize.OriginalString;
    }

    /// <summary>Fills in the provider's login form at <paramref name="authorize"/>; answers the provider's answer.</summary>
    private async Task<HttpResponseMessage> LogIn(string authorize, Person person, bool cancel = false)
    {
        var loginForm = ConsoleClient.OpenedForm.Of("", await atProvider.GetStringAsync(authorize));
        var fields = loginForm.Hidden.Append(KeyValuePair.Create("login", person.Login)).ToList();
        if (cancel) fields.Add(KeyValuePair.Create("cancel", "1"));
        return await atProvider.PostAsync($"{console.Provider.Authority}/authorize", new FormUrlEncodedContent(fields));
    }

    /// <summary>Signs in at the provider from the console's challenge; answers the fields the provider posts back.</summary>
    private async Task<Dictionary<string, string>> ProviderAnswerFor(Person person, bool cancel = false)
    {
        var answer = await LogIn(await Challenge(), person, cancel);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return ConsoleClient.OpenedForm.Of("", await answer.Content.ReadAsStringAsync()).Hidden.ToDictionary();
    }

    private Task<HttpResponseMessage> Callback(IDictionary<string, string> fields, ConsoleClient? from = null) =>
        (from ?? browser).PostWithoutToken(new Uri(ProviderConsole.Address, "/signin-oidc").OriginalString, fields);

    private async Task<HttpResponseMessage> SignIn(Person person) => await Callback(await ProviderAnswerFor(person));

    private async Task AssertRefused(HttpResponseMessage callback, string reason, string message, ConsoleClient? from = null)
    {
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal($"/?refused={reason}", callback.Headers.Location!.OriginalString);
        Assert.DoesNotContain((from ?? browser).Cookies, c => c.Name == "campaign.session");
        Assert.Contains(message, await (from ?? browser).Page(callback.Headers.Location.OriginalString));
        Assert.Equal(HttpStatusCode.Redirect, (await (from ?? browser).Get("/campaigns")).StatusCode);
    }

    [Fact]
    public async Task An_admin_signs_in_through_the_provider_with_a_strict_session_cookie_and_reaches_the_admin_pages()
    {
        var person = NewPerson("admin");

        var callback = await SignIn(person);

        Assert.True(callback.Headers.Location?.OriginalString == "/signed-in?returnUrl=%2Fcampaigns", console.LastRefusal());
        var session = callback.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("campaign.session=", StringComparison.Ordinal));
        Assert.Contains("samesite=strict", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(browser.Cookies, c => c.Name.StartsWith(".AspNetCore.Correlation", StringComparison.Ordinal) || c.Name.StartsWith(".AspNetCore.OpenIdConnect.Nonce", StringComparison.Ordinal));
        // The session lasts 8 hours from signing in, however much it is used: then the provider is asked again.
        var ticket = console.Host.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(ConsoleAuthentication.Scheme)
            .TicketDataFormat.Unprotect(browser.Cookies["campaign.session"]!.Value)!;
        Assert.False(ticket.Properties.AllowRefresh);
        Assert.InRange(ticket.Properties.ExpiresUtc!.Value - DateTimeOffset.UtcNow, TimeSpan.FromHours(7.9), TimeSpan.FromHours(8));

        // The callback came from the provider's site, so the page it lands on moves on from the console's own.
        Assert.Contains("url=/campaigns", await browser.Page("/signed-in?returnUrl=%2Fcampaigns"));
        var keys = await browser.Page("/admin/keys");
        Assert.Contains("Access keys</h1>", keys);
        Assert.Contains($"{person.Email} · administrator", keys);
    }

    [Fact]
    public async Task Staff_signed_in_through_the_provider_see_only_the_campaigns_their_email_is_a_member_of()
    {
        var person = NewPerson("staff");
        var (mine, myDefendant, _) = await app.Api.ChargedDefendant();
        var (theirs, _, _) = await (await app.As(Role.Staff)).ChargedDefendant();
        await app.Admin.Post($"/api/campaigns/{mine}/members", new { member = person.Email }, 204);
        await app.ViewsCaughtUp();

        Assert.Equal(HttpStatusCode.Redirect, (await SignIn(person)).StatusCode);

        var list = await browser.Page("/campaigns");
        Assert.Contains($"/campaigns/{mine}", list);
        Assert.DoesNotContain($"/campaigns/{theirs}", list);
        await browser.Page($"/defendants/{myDefendant}");
        Assert.StartsWith("/refused", (await browser.Get($"/campaigns/{theirs}")).Headers.Location!.PathAndQuery);
        Assert.DoesNotContain("/admin/keys", list);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Get("/admin/keys")).StatusCode);
    }

    [Theory]
    [InlineData("partner")]
    [InlineData("")]
    public async Task A_partner_or_a_person_without_a_role_is_refused_a_session_with_a_page_that_says_why(string role)
    {
        var callback = await SignIn(NewPerson(role));

        await AssertRefused(callback, "role", "did not give you access to the console");
        Assert.Contains("no console role", console.LastRefusal());
    }

    [Theory]
    [InlineData(Spoiled.ForeignKey, "IDX10511: ")]
    [InlineData(Spoiled.RolesAlteredAfterSigning, "IDX10511: ")]
    [InlineData(Spoiled.Expired, "IDX10223: ")]
    [InlineData(Spoiled.OtherNonce, "IDX21323: ")]
    [InlineData(Spoiled.OtherAudience, "IDX10214: ")]
    public async Task An_id_token_that_does_not_check_out_is_refused(Spoiled spoil, string reason)
    {
        var callback = await SignIn(NewPerson("staff", spoil));

        await AssertRefused(callback, "provider", "did not complete");
        Assert.Contains(reason, console.LastRefusal()); // and the log says why
    }

    [Fact]
    public async Task An_answer_by_redirect_signs_in_too()
    {
        // The query response mode: the provider redirects the browser to the callback with the code, instead of posting it.
        var authorize = (await Challenge()).Replace("response_mode=form_post", "response_mode=query");

        var answer = await LogIn(authorize, NewPerson("staff"));

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.StartsWith(new Uri(ProviderConsole.Address, "/signin-oidc?code=").OriginalString, answer.Headers.Location!.OriginalString);
        var callback = await browser.Get(answer.Headers.Location.OriginalString);
        Assert.True(callback.Headers.Location?.OriginalString == "/signed-in?returnUrl=%2Fcampaigns", console.LastRefusal());
        await browser.Page("/campaigns");
    }

    [Fact]
    public async Task An_altered_state_is_refused()
    {
        var answer = await ProviderAnswerFor(NewPerson("admin"));
        answer["state"] = answer["state"][..^4] + (answer["state"].EndsWith("AAAA") ? "BBBB" : "AAAA");

        await AssertRefused(await Callback(answer), "provider", "did not complete");
        Assert.Contains("Unable to unprotect the message.State", console.LastRefusal());
    }

    [Fact]
    public async Task An_answer_posted_from_a_browser_that_never_asked_for_it_is_refused()
    {
        // Someone else's answer, in a browser without its correlation cookie: a cross-site request forgery of a sign-in.
        var someoneElses = await ProviderAnswerFor(NewPerson("admin"));
        var victim = new ConsoleClient(console.Host, ProviderConsole.Address);

        await AssertRefused(await Callback(someoneElses, victim), "provider", "did not complete", victim);
        Assert.Contains("Correlation failed", console.LastRefusal());
    }

    [Fact]
    public async Task An_answer_sent_twice_signs_in_once()
    {
        var answer = await ProviderAnswerFor(NewPerson("staff"));

        Assert.Equal("/signed-in?returnUrl=%2Fcampaigns", (await Callback(answer)).Headers.Location!.OriginalString);
        // Its correlation cookie and its code are spent.
        Assert.Equal("/?refused=provider", (await Callback(answer)).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Cancelling_at_the_provider_comes_back_to_the_sign_in_page()
    {
        var answer = await ProviderAnswerFor(NewPerson("staff"), cancel: true);

        Assert.Equal("access_denied", answer["error"]);
        await AssertRefused(await Callback(answer), "provider", "did not complete");
    }

    [Fact]
    public async Task Signing_out_ends_the_session_here_and_at_the_provider()
    {
        await SignIn(NewPerson("staff"));
        await browser.Page("/campaigns");
        var signOutsBefore = console.Provider.SignOuts;

        var signOut = await browser.Submit("/campaigns", new Dictionary<string, string>(), "/sign-out");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        var endSession = signOut.Headers.Location!;
        Assert.StartsWith($"{console.Provider.Authority}/end-session?", endSession.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Get("/campaigns")).StatusCode);
        var back = await atProvider.GetAsync(endSession);
        Assert.Equal(signOutsBefore + 1, console.Provider.SignOuts);
        Assert.StartsWith(new Uri(ProviderConsole.Address, "/signout-callback-oidc?").OriginalString, back.Headers.Location!.OriginalString);
        var signedOut = await browser.Get(back.Headers.Location.OriginalString);
        Assert.Equal("/", signedOut.Headers.Location!.OriginalString);

        // The provider's own session ended too: signing in again asks for the person again.
        var challenge = await browser.Get("/sign-in/provider");
        Assert.Contains("<label for=\"login\">User name</label>", await atProvider.GetStringAsync(challenge.Headers.Location));
    }

    [Fact]
    public async Task A_sign_out_request_from_elsewhere_does_not_end_the_session()
    {
        await SignIn(NewPerson("staff"));

        // Front-channel logout is off: only the console's own sign-out form (with its antiforgery token) ends a session.
        var remote = await browser.Get($"/signout-oidc?iss={Uri.EscapeDataString(console.Provider.Authority)}");

        Assert.Equal(HttpStatusCode.NotFound, remote.StatusCode);
        Assert.DoesNotContain("campaign.session=;", string.Join(";", remote.Headers.TryGetValues("Set-Cookie", out var set) ? set : []));
        await browser.Page("/campaigns");
    }

    [Fact]
    public async Task A_session_from_an_access_key_signs_out_here_only()
    {
        var key = await app.IssueKey(Role.Staff, $"key-{Guid.NewGuid():N}@test");
        await browser.SignedIn(key.Key);
        var signOutsBefore = console.Provider.SignOuts;

        var signOut = await browser.Submit("/campaigns", new Dictionary<string, string>(), "/sign-out");

        Assert.Equal("/", signOut.Headers.Location!.OriginalString);
        Assert.Equal(signOutsBefore, console.Provider.SignOuts);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Get("/campaigns")).StatusCode);
    }
}

[Collection(AppCollection.Name)]
public sealed class UnreachableProviderTests
{
    [Fact]
    public async Task An_identity_provider_that_cannot_be_reached_is_said_so_on_the_sign_in_page()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        JasperFxEnvironment.AutoStartHost = true;
        await using var host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("Projections:Daemon", "Disabled");
            builder.UseSetting("Confidentiality:MasterKey", AppFixture.MasterKey);
            builder.UseSetting("Authentication:Oidc:Authority", $"http://127.0.0.1:{closedPort}");
            builder.UseSetting("Authentication:Oidc:ClientId", ClientId);
            builder.UseSetting("Authentication:Oidc:RequireHttpsMetadata", "false");
        });
        var browser = new ConsoleClient(host);

        var challenge = await browser.Get("/sign-in/provider?returnUrl=%2Fcampaigns");

        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        Assert.Equal("/?refused=unreachable", challenge.Headers.Location!.OriginalString);
        Assert.Contains("cannot be reached just now", await browser.Page("/?refused=unreachable"));
    }
}
