using Campaign.Access;
using Campaign.Demo;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Campaign.Tests.Console;

/// <summary>The console in a real browser (headless Chromium), as a member of staff uses it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserTests(ConsoleBrowser console)
{
    [Fact]
    public async Task An_admin_signs_in_and_follows_the_Atajurt_case_from_the_campaigns_to_a_defendant_and_its_history()
    {
        var page = await console.SignedIn(console.AdminKey);
        await ConsoleBrowser.Screenshot(page, "campaigns");

        await page.GetByRole(AriaRole.Link, new() { Name = "Atajurt 19" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Atajurt 19", Level = 1 }));
        var custody = page.Locator(".card", new() { HasText = "Custody" });
        await Expect(custody.Locator("li", new() { HasText = "Pretrial detention" }).GetByText(AtajurtCase.Remanded.ToString(), new() { Exact = true }));
        await Expect(custody.Locator("li", new() { HasText = "House arrest" }).GetByText(AtajurtCase.UnderHouseArrest.ToString(), new() { Exact = true }));
        await Expect(page.GetByText("19 of 19 defendants shown."));
        await ConsoleBrowser.Screenshot(page, "dashboard");

        await page.GetByLabel("Custody").SelectOptionAsync(new SelectOptionValue { Label = "House arrest" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page.GetByText($"{AtajurtCase.UnderHouseArrest} of 19 defendants shown."));
        Assert.Contains("custody=HouseArrest", page.Url);

        await page.Locator("table tbody a").First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Timeline" }));
        await Expect(page.GetByText("House arrest since").First);
        await Expect(page.Locator(".timeline .when").Filter(new() { HasText = "13 November 2025" }).First);
        await ConsoleBrowser.Screenshot(page, "defendant");

        await page.GetByRole(AriaRole.Link, new() { Name = "Who recorded what, and when" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "admin@ngo.test" }).First);
        await ConsoleBrowser.Screenshot(page, "history");

        await page.GetByRole(AriaRole.Link, new() { Name = "Search" }).ClickAsync();
        await page.GetByLabel("Legal basis of a current charge").FillAsync("art. 174");
        await page.GetByLabel("Custody").SelectOptionAsync(new SelectOptionValue { Label = "Pretrial detention" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page.GetByText($"{AtajurtCase.Remanded} found."));
        await ConsoleBrowser.Screenshot(page, "search");

        await page.GetByRole(AriaRole.Link, new() { Name = "Keys", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Access keys", Level = 1 }));
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "admin@ngo.test", Exact = true }).First);
        await ConsoleBrowser.Screenshot(page, "keys");
    }

    [Fact]
    public async Task Staff_of_another_campaign_are_refused_the_Atajurt_pages()
    {
        var key = await console.IssueKey(Role.Staff, $"other-{Guid.NewGuid():N}@ngo.test");
        var page = await console.SignedIn(key.Key);
        await Expect(page.GetByText("You are not a member of any campaign yet."));

        await page.GotoAsync($"/campaigns/{console.Atajurt}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You cannot open this page" }));
        await page.GotoAsync($"/defendants/{console.AtajurtDefendants[0]}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You cannot open this page" }));
        await ConsoleBrowser.Screenshot(page, "refused");
    }

    [Fact]
    public async Task The_sign_in_works_from_the_keyboard_alone()
    {
        var context = await console.Browser.NewContextAsync(new() { BaseURL = console.Address });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/campaigns");
        Assert.Contains("returnUrl=%2Fcampaigns", page.Url);
        await ConsoleBrowser.Screenshot(page, "sign-in");

        await page.Keyboard.PressAsync("Tab"); // the skip link
        await page.Keyboard.PressAsync("Tab"); // the console's name
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Key", await page.EvaluateAsync<string>("document.activeElement.id"));
        await page.Keyboard.TypeAsync(console.AdminKey);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/campaigns");
    }

    [Fact]
    public async Task Every_page_labels_every_control_passes_axe_and_fits_a_phone_screen()
    {
        var page = await console.SignedIn(console.AdminKey, width: 390, height: 844);
        var defendant = $"/defendants/{console.AtajurtDefendants[0]}";
        using (var api = console.Api(console.AdminKey)) // a file listed, with its long hash, on a phone's screen
        using (var file = new ByteArrayContent("%PDF-1.7 a court ruling"u8.ToArray()) { Headers = { ContentType = new("application/pdf") } })
            Assert.Equal(System.Net.HttpStatusCode.Created, (await api.PostAsync($"/api{defendant}/evidence?fileName=ruling.pdf", file)).StatusCode);
        await page.GotoAsync(defendant);
        var retraction = await page.Locator("a[href*='/retractions?event=']").First.GetAttributeAsync("href");
        string[] pages = ["/campaigns", $"/campaigns/{console.Atajurt}", defendant, $"{defendant}/history", $"/campaigns/{console.Atajurt}/history",
            "/search?name=atajurt&place=almaty", "/admin/keys", "/admin/keys/new", "/admin/members", $"/admin/campaigns/{console.Atajurt}/members",
            $"/defendants/{Guid.NewGuid()}", "/campaigns/new", $"/campaigns/{console.Atajurt}/developments",
            .. Enum.GetNames<Campaign.StaffConsole.Campaigns.Recording.BulkKind>().Select(kind => $"/campaigns/{console.Atajurt}/developments?kind={kind}"),
            $"/campaigns/{console.Atajurt}/statements/new", $"/campaigns/{console.Atajurt}/defendants/new", $"/campaigns/{console.Atajurt}/import",
            .. new[] { "detention", "charge", "escalation", "custody", "hearing", "verdict", "release", "dropped-charge", "erasure", "evidence" }.Select(form => $"{defendant}/{form}"),
            retraction!];
        foreach (var url in pages)
        {
            await page.GotoAsync(url);
            await Accessible(page, url);
        }
        await page.GotoAsync($"/campaigns/{console.Atajurt}");
        await ConsoleBrowser.Screenshot(page, "dashboard-phone");
    }

    /// <summary>Every control labelled, no serious axe-core violation, and nothing wider than the screen.</summary>
    internal static async Task Accessible(IPage page, string url)
    {
        var unlabelled = await page.EvaluateAsync<string[]>("""
            [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
              .filter(c => !(c.labels && c.labels.length) && !c.getAttribute('aria-label') && !(c.textContent || '').trim())
              .map(c => c.outerHTML)
            """);
        Assert.True(unlabelled.Length == 0, $"{url}: unlabelled controls {string.Join(", ", unlabelled)}");

        var axe = await page.RunAxe();
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}").ToList();
        Assert.True(serious.Count == 0, $"{url}: {string.Join("; ", serious)}");

        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1");
        var wide = overflow ? await page.EvaluateAsync<string[]>("[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 8)") : [];
        Assert.False(overflow, $"{url} is wider than the screen: {string.Join(", ", wide)}");
    }

    private static Task Expect(ILocator locator) => Assertions.Expect(locator).ToBeVisibleAsync();
}
