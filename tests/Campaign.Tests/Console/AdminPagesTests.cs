using System.Net;
using System.Text.RegularExpressions;
using Campaign.Access;
using Campaign.Access.Keys;
using Campaign.Access.Keys.ListingKeys;
using Campaign.Access.Members;
using Campaign.Campaigns;
using Campaign.Tests.Support;
using Marten;
using static Campaign.Tests.Console.FormPage;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Console;

/// <summary>Keys and campaign members, managed by an administrator in the console through the API's own slices.</summary>
[Collection(AppCollection.Name)]
public sealed partial class AdminPagesTests(AppFixture app)
{
    [Fact]
    public async Task A_key_created_in_the_console_is_shown_once_and_works_at_once_on_the_api_and_for_signing_in()
    {
        var (admin, adminName) = await Admin();
        var owner = $"created-{Guid.NewGuid():N}@test";

        var response = await admin.Submit("/admin/keys/new", Form(("Owner", $" {owner} "), ("Role", "Auditor"), ("Description", "Field office")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Copy this key now.", page);
        var key = ShownKey().Match(page).Groups[1].Value;
        Assert.True(ApiKey.TryParse(key, out var id, out var secret), page);

        var api = app.Admin.As(key);
        await api.Get<object>("/api/operations/progress"); // an auditor's
        await api.Get<object>("/api/keys", 403); // not an admin's
        var stored = (await app.Admin.Get<List<KeySummary>>("/api/keys")).Single(k => k.Id == id);
        Assert.Equal((owner, Role.Auditor, "Field office", adminName, (DateTimeOffset?)null), (stored.Owner, stored.Role, stored.Description, stored.CreatedBy, stored.ExpiresAt));
        Assert.Contains($"{owner} · auditor", await (await new ConsoleClient(app.Host).SignedIn(key)).Page("/campaigns"));

        var list = await admin.Page("/admin/keys");
        Assert.Matches($"<td>{Regex.Escape(owner)}</td>\\s*<td>Auditor</td>\\s*<td>Field office</td>", list);
        Assert.DoesNotContain(secret, list);
        Assert.DoesNotContain(secret, await admin.Page("/admin/keys/new"));
    }

    [Fact]
    public async Task A_key_that_expires_works_until_the_end_of_the_day_chosen()
    {
        var (admin, _) = await Admin();
        var owner = $"expiring-{Guid.NewGuid():N}@test";
        var lastDay = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30);

        var page = await (await admin.Submit("/admin/keys/new", Form(("Owner", owner), ("Role", "Staff"), ("ExpiresAt", $"{lastDay:yyyy-MM-dd}"))))
            .Content.ReadAsStringAsync();

        Assert.Matches(ShownKey(), page);
        var stored = (await app.Admin.Get<List<KeySummary>>("/api/keys")).Single(k => k.Owner == owner);
        Assert.Equal(new DateTimeOffset(lastDay.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), stored.ExpiresAt);
    }

    [Fact]
    public async Task Revoking_a_key_behind_its_confirmation_ends_it_at_once_on_the_api_and_in_the_console()
    {
        var owner = $"revoked-{Guid.NewGuid():N}@test";
        var key = await app.IssueKey(Role.Staff, owner);
        var session = await new ConsoleClient(app.Host).SignedIn(key.Key);
        await session.Page("/campaigns");
        var api = app.Admin.As(key.Key);
        await api.Get<object>("/api/campaigns");
        var (admin, adminName) = await Admin();

        var confirmation = await admin.Page($"/admin/keys/{key.Id}/revoke");
        Assert.Contains($"Revoke the key of {owner}?", confirmation);
        await api.Get<object>("/api/campaigns"); // asking is not revoking

        var revoked = await admin.Submit($"/admin/keys/{key.Id}/revoke", Form());

        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        await api.Get<object>("/api/campaigns", 401);
        var signedOut = await session.Get("/campaigns");
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.StartsWith("/?returnUrl=", Where(signedOut));
        Assert.Contains($"The key of {owner} is revoked.", await admin.Page(Where(revoked)));
        Assert.Contains($"Revoked on {Today} by {adminName}", await admin.Page("/admin/keys?all=true"));
        Assert.Contains("This key was already revoked", await admin.Page($"/admin/keys/{key.Id}/revoke"));
    }

    [Fact]
    public async Task Adding_a_member_lets_that_member_of_staff_see_the_campaign_at_once_and_removing_them_ends_it()
    {
        var launcher = await app.As(Role.Staff);
        var (campaign, defendant, _) = await launcher.ChargedDefendant();
        await app.ViewsCaughtUp();
        var owner = $"member-{Guid.NewGuid():N}@test";
        var key = await app.IssueKey(Role.Staff, owner);
        var member = await new ConsoleClient(app.Host).SignedIn(key.Key);
        var api = app.Admin.As(key.Key);
        await AssertRefused(member, $"/campaigns/{campaign}");
        await api.Get<object>($"/api/campaigns/{campaign}", 403);
        var (admin, adminName) = await Admin();
        var members = $"/admin/campaigns/{campaign}/members";
        Assert.Contains("Members of Test campaign", await admin.Page(members));

        var added = await admin.Submit(members, Form(("Member", $" {owner} ")));

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Contains($"/campaigns/{campaign}", await member.Page("/campaigns"));
        await member.Page($"/campaigns/{campaign}");
        await member.Page($"/defendants/{defendant}");
        await api.Get<CampaignView>($"/api/campaigns/{campaign}");
        var list = await admin.Page(Where(added));
        Assert.Contains($"{owner} is now a member.", list);
        Assert.Matches($"<td>{Regex.Escape(owner)}</td>\\s*<td>{Today}</td>\\s*<td>{Regex.Escape(adminName)}</td>", list);
        Assert.Contains($"<td>{await Owner(launcher.Key!)}</td>", list); // the launcher

        var remove = $"{members}/remove?member={Uri.EscapeDataString(owner)}";
        Assert.Contains($"Remove {owner} from Test campaign?", await admin.Page(remove));
        await member.Page($"/campaigns/{campaign}"); // asking is not removing
        var removed = await admin.Submit(remove, Form());

        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        await AssertRefused(member, $"/campaigns/{campaign}");
        await AssertRefused(member, $"/defendants/{defendant}");
        await api.Get<object>($"/api/campaigns/{campaign}", 403);
        Assert.DoesNotContain($"/campaigns/{campaign}", await member.Page("/campaigns"));
        Assert.Contains($"{owner} is no longer a member.", await admin.Page(Where(removed)));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Get(remove)).StatusCode);
    }

    [Fact]
    public async Task Staff_and_auditors_are_refused_every_administration_page_and_form()
    {
        var launcher = await app.As(Role.Staff);
        var campaign = await launcher.LaunchCampaign();
        var someKey = await app.IssueKey(Role.Partner, $"partner-{Guid.NewGuid():N}@test");
        string[] pages = ["/admin/keys", "/admin/keys/new", $"/admin/keys/{someKey.Id}/revoke", "/admin/members", $"/admin/campaigns/{campaign}/members",
            $"/admin/campaigns/{campaign}/members/remove?member={Uri.EscapeDataString(await Owner(launcher.Key!))}"];

        foreach (var browser in new[] { await new ConsoleClient(app.Host).SignedIn(launcher.Key!), await SignedIn(Role.Auditor) })
        {
            Assert.DoesNotContain("/admin/", await browser.Page("/campaigns"));
            foreach (var url in pages) await AssertRefused(browser, url);

            var owner = $"intruder-{Guid.NewGuid():N}@test";
            await AssertRefused(await browser.Submit("/campaigns", Form(("Owner", owner), ("Role", "Admin")), "/admin/keys/new"));
            await AssertRefused(await browser.Submit("/campaigns", Form(), $"/admin/keys/{someKey.Id}/revoke"));
            await AssertRefused(await browser.Submit("/campaigns", Form(("Member", owner)), $"/admin/campaigns/{campaign}/members"));

            await using var session = app.Store.QuerySession();
            Assert.False(await session.Query<ApiKey>().AnyAsync(k => k.Owner == owner));
            Assert.Null((await session.LoadAsync<ApiKey>(someKey.Id))!.RevokedAt);
            Assert.Null(await session.LoadAsync<Membership>(Membership.IdOf(owner, campaign)));
        }
        var (admin, _) = await Admin();
        Assert.Contains("<a href=\"/admin/keys\">Keys</a>", await admin.Page("/campaigns"));
    }

    [Fact]
    public async Task The_slices_validators_errors_are_shown_beside_their_fields_and_nothing_is_written()
    {
        var (admin, _) = await Admin();
        var owner = $"invalid-{Guid.NewGuid():N}@test";
        var campaign = await (await app.As(Role.Staff)).LaunchCampaign();
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);

        var noOwner = await Rejected(admin, "/admin/keys/new", ("Owner", "  "), ("Role", "Staff"));
        Assert.Equal("“Whom the key is for” must not be empty.", ErrorBeside(noOwner, "owner"));
        Assert.Matches("<input [^>]*aria-invalid=\"true\"[^>]*id=\"Owner\"", noOwner);

        var noRole = await Rejected(admin, "/admin/keys/new", ("Owner", owner));
        Assert.Equal("“Role” must not be empty.", ErrorBeside(noRole, "role"));
        Assert.Contains($"value=\"{owner}\"", noRole); // what was typed stays

        var past = await Rejected(admin, "/admin/keys/new", ("Owner", owner), ("Role", "Staff"), ("ExpiresAt", $"{yesterday:yyyy-MM-dd}"));
        Assert.Equal("“Stops working after” must be in the future.", ErrorBeside(past, "expires"));

        var pipe = await Rejected(admin, $"/admin/campaigns/{campaign}/members", ("Member", "alice|bob"));
        Assert.Equal("“Name of the person to add” cannot contain '|'.", ErrorBeside(pipe, "member"));
        // ASP.NET Core itself refuses a NUL in a URL-encoded form (400); in a multipart form, it reaches the page.
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.Submit($"/admin/campaigns/{campaign}/members", Form(("Member", "alice\0")))).StatusCode);
        var nul = await (await admin.Submit($"/admin/campaigns/{campaign}/members", Form(("Member", "alice\0")), multipart: true)).Content.ReadAsStringAsync();
        Assert.Equal("This contains a character that cannot be stored. Type it again rather than pasting it.", ErrorBeside(nul, "member"));

        await using var session = app.Store.QuerySession();
        Assert.False(await session.Query<ApiKey>().AnyAsync(k => k.Owner == owner));
        Assert.False(await session.Query<Membership>().AnyAsync(m => m.CampaignId == campaign && m.Member.StartsWith("alice")));
    }

    private static string Today => DateTime.UtcNow.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<(ConsoleClient Browser, string Name)> Admin()
    {
        var name = $"admin-{Guid.NewGuid():N}@test";
        return (await new ConsoleClient(app.Host).SignedIn((await app.IssueKey(Role.Admin, name)).Key), name);
    }

    private async Task<ConsoleClient> SignedIn(Role role) =>
        await new ConsoleClient(app.Host).SignedIn((await app.IssueKey(role, $"{role}-{Guid.NewGuid():N}@test")).Key);

    private async Task<string> Owner(string key)
    {
        ApiKey.TryParse(key, out var id, out _);
        await using var session = app.Store.QuerySession();
        return (await session.LoadAsync<ApiKey>(id))!.Owner;
    }

    private static async Task<string> Rejected(ConsoleClient browser, string url, params (string Name, string Value)[] fields)
    {
        var response = await browser.Submit(url, Form(fields));
        var page = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, page);
        return page;
    }

    private static async Task AssertRefused(ConsoleClient browser, string url) => await AssertRefused(await browser.Get(url));

    private static Task AssertRefused(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/refused", Where(response));
        return Task.CompletedTask;
    }

    private static string Where(HttpResponseMessage redirect) =>
        redirect.Headers.Location is { IsAbsoluteUri: true } absolute ? absolute.PathAndQuery : redirect.Headers.Location!.OriginalString;

    private static Dictionary<string, string> Form(params (string Name, string Value)[] fields) => fields.ToDictionary(f => f.Name, f => f.Value);

    [GeneratedRegex("<textarea id=\"new-key\"[^>]*>(cmp_[^<]+)</textarea>")]
    private static partial Regex ShownKey();
}
