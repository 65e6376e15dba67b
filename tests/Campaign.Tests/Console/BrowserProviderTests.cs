using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Campaign.Tests.Console;

/// <summary>
/// Sign-in through the NGO's identity provider in a real browser: the provider is another site (localhost) than the
/// console (127.0.0.1), so the callback is a cross-site navigation, as with a real provider.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserProviderTests(ConsoleBrowser console)
{
    [Fact]
    public async Task A_member_of_staff_signs_in_with_the_organisations_account_works_on_the_Atajurt_case_and_signs_out_there_too()
    {
        var login = $"aigerim-{Guid.NewGuid():N}";
        var person = console.Provider.Add(new(login, $"{login}@ngo.test", "Aigerim", "staff"));
        using (var api = console.Api(console.AdminKey))
            (await api.PostAsJsonAsync($"/api/campaigns/{console.Atajurt}/members", new { member = person.Email })).EnsureSuccessStatusCode();
        var context = await console.Browser.NewContextAsync(new() { BaseURL = console.Address });
        var page = await context.NewPageAsync();

        await page.GotoAsync($"/campaigns/{console.Atajurt}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with your organisation's account" }).ClickAsync();
        await page.GetByLabel("User name").FillAsync(login);
        Assert.StartsWith($"{console.Provider.Authority}/authorize?", page.Url);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // Back on the page first asked for, as that person, with a strict session cookie.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Atajurt 19", Level = 1 })).ToBeVisibleAsync();
        Assert.Equal($"{console.Address}/campaigns/{console.Atajurt}", page.Url);
        await Expect(page.GetByText($"{person.Email} · staff")).ToBeVisibleAsync();
        var session = (await context.CookiesAsync()).Single(c => c.Name == "campaign.session");
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.True(session.HttpOnly);

        // Their campaigns only: Atajurt, and none of those other tests launched.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Campaigns" }).ClickAsync();
        await Expect(page.Locator("main tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("main tbody tr").GetByRole(AriaRole.Link, new() { Name = "Atajurt 19" })).ToBeVisibleAsync();

        // Signing out is a form of the console, with its antiforgery token (whose cookie is SameSite=Strict too).
        var signOuts = console.Provider.SignOuts;
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Level = 1 })).ToBeVisibleAsync();
        Assert.Equal($"{console.Address}/", page.Url);
        Assert.Equal(signOuts + 1, console.Provider.SignOuts);
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "campaign.session");

        // Signed out at the provider too: signing in again asks who the person is.
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with your organisation's account" }).ClickAsync();
        await Expect(page.GetByLabel("User name")).ToBeVisibleAsync();
    }
}
