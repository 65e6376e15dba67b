using System.Net.Http.Json;
using Campaign.Access;
using Campaign.Defendants;
using Campaign.Defendants.FilingCharges;
using Campaign.Demo;
using Campaign.Developments;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Campaign.Tests.Console;

/// <summary>A member of staff logs part of the Atajurt case through the console's forms, in a real browser.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserFormTests(ConsoleBrowser console)
{
    private static readonly DateOnly Reported = new(2026, 1, 22);

    [Fact]
    public async Task Staff_log_the_Atajurt_case_through_the_forms_and_correct_it()
    {
        var key = (await console.IssueKey(Role.Staff, "campaigner@ngo.test")).Key;
        var page = await console.SignedIn(key);

        // A campaign and its first defendant, through the forms; the other 18 through the API, to keep this bounded.
        await page.GetByRole(AriaRole.Link, new() { Name = "Launch a campaign" }).ClickAsync();
        await page.GetByLabel("Name of the campaign").FillAsync("Atajurt 19, through the forms");
        await page.GetByLabel("Country").FillAsync("Kazakhstan");
        await page.GetByLabel("Region").FillAsync("Almaty region");
        await page.GetByRole(AriaRole.Button, new() { Name = "Launch the campaign" }).ClickAsync();
        await Visible(page.GetByText("The campaign is launched."));
        var campaign = Guid.Parse(page.Url.Split('/')[^1]);
        await page.GetByRole(AriaRole.Link, new() { Name = "Add a defendant" }).ClickAsync();
        await page.GetByLabel("Name used in public").FillAsync("Atajurt defendant 01 (placeholder)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the defendant" }).ClickAsync();
        var first = Guid.Parse(page.Url.Split('/')[^1]);
        using var api = console.Api(key);
        var others = new List<Guid>();
        for (var n = 2; n <= 19; n++)
        {
            var added = await api.PostAsJsonAsync($"/api/campaigns/{campaign}/defendants", new { displayName = $"Atajurt defendant {n:00} (placeholder)" });
            others.Add((await added.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Infrastructure.Writing.WriteResult>())!.Id);
        }

        // The bulk detention of the 19.
        await page.GotoAsync($"/campaigns/{campaign}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Record for several defendants" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "A detention" }).ClickAsync();
        await page.GetByLabel("All 19 defendants of the campaign").CheckAsync();
        await page.GetByLabel("Day of the detention").FillAsync("2025-11-13");
        await page.GetByLabel("Where").FillAsync("Near the Kazakhstan–China border, Almaty region");
        await page.GetByLabel("By whom").FillAsync("Police");
        await Jurist(page);
        await ConsoleBrowser.Screenshot(page, "form-bulk");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record a detention for them" }).ClickAsync();
        await Visible(page.GetByText("A detention is recorded for 19 defendants."));
        await Visible(Bar(page, "Custody", "Police custody", 19));

        // Their administrative charge through the API; then one escalation through the form.
        var hooliganism = new FileCharge(new DateOnly(2025, 11, 13), new ChargeDetails(AtajurtCase.AdministrativeBasis, ChargeKind.Administrative,
            "Hooliganism", null), new Source(null, "JURIST", Reported));
        (await api.PostAsJsonAsync($"/api/campaigns/{campaign}/developments", new { defendantIds = others.Prepend(first), charge = hooliganism },
            console.Json)).EnsureSuccessStatusCode();
        await page.GotoAsync($"/defendants/{first}");
        await page.GetByRole(AriaRole.Link, new() { Name = "An escalation of a charge" }).ClickAsync();
        await Expect(page.GetByLabel("The charge it replaces")).ToContainTextAsync(AtajurtCase.AdministrativeBasis);
        await page.GetByLabel("Day of the escalation").FillAsync("2026-01-22");
        await page.GetByLabel("Legal basis").FillAsync(AtajurtCase.CriminalBasis);
        await page.GetByLabel("Kind of charge").SelectOptionAsync(new SelectOptionValue { Label = "Criminal" });
        await page.GetByLabel("What they are accused of").FillAsync("Inciting ethnic or national discord");
        await page.GetByLabel("Maximum penalty").FillAsync("Up to 10 years' imprisonment");
        await page.GetByLabel("Why, as far as is known").FillAsync("Reportedly after a diplomatic note from the Chinese authorities");
        await Jurist(page);
        await ConsoleBrowser.Screenshot(page, "form-escalation");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the escalation" }).ClickAsync();
        await Visible(page.GetByText($"Escalated from “{AtajurtCase.AdministrativeBasis}”"));

        // A custody change: first without its source, refused beside the field; then recorded.
        await page.GetByRole(AriaRole.Link, new() { Name = "A change of custody" }).ClickAsync();
        await page.GetByLabel("Day it took effect").FillAsync("2026-01-22");
        await page.GetByLabel("Now held in").SelectOptionAsync(new SelectOptionValue { Label = "Pretrial detention" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the change of custody" }).ClickAsync();
        var publisher = page.GetByLabel("Published by");
        await Expect(publisher).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(publisher).ToHaveAccessibleDescriptionAsync("A source needs its publisher unless it is first-hand.");
        await Expect(page.GetByLabel("Now held in")).ToHaveValueAsync("PretrialDetention");
        await ConsoleBrowser.Screenshot(page, "form-error");
        await Accessible(page);
        await Jurist(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the change of custody" }).ClickAsync();
        await Visible(page.GetByText("Pretrial detention since 22 January 2026"));

        // A stale form: the same form open in two tabs, both sent.
        var second = $"/defendants/{others[0]}/custody";
        await page.GotoAsync(second);
        var tab = await page.Context.NewPageAsync();
        await tab.GotoAsync(second);
        await Custody(tab, "2026-01-22", "House arrest");
        await Visible(tab.GetByText("The change of custody is recorded."));
        await Custody(page, "2026-01-23", "Pretrial detention");
        await Visible(page.GetByRole(AriaRole.Heading, new() { Name = "Recorded since you opened this form" }));
        await Visible(page.Locator(".conflict li", new() { HasText = "Custody changed to house arrest" }));
        await Expect(page.GetByLabel("Now held in")).ToHaveValueAsync("PretrialDetention");
        await ConsoleBrowser.Screenshot(page, "form-conflict");
        await Accessible(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the change of custody" }).ClickAsync();
        await Visible(page.GetByText("Pretrial detention since 23 January 2026"));

        // That last change, retracted: struck through with the reason.
        await page.Locator(".timeline li", new() { HasText = "Custody changed to pretrial detention" }).GetByRole(AriaRole.Link, new() { Name = "Retract" }).ClickAsync();
        await page.GetByLabel("Why it was wrong").FillAsync("Confused with another defendant");
        await page.GetByRole(AriaRole.Button, new() { Name = "Retract it" }).ClickAsync();
        var retracted = page.Locator("li.retracted", new() { HasText = "Custody changed to pretrial detention" });
        await Visible(retracted.GetByText("Confused with another defendant"));
        Assert.Equal("line-through", await retracted.Locator(".what").EvaluateAsync<string>("e => getComputedStyle(e).textDecorationLine"));
        await Visible(page.GetByText("House arrest since 22 January 2026"));
        await ConsoleBrowser.Screenshot(page, "retraction");

        // A statement, and the dashboard as it now stands.
        await page.GotoAsync($"/campaigns/{campaign}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Record a statement" }).ClickAsync();
        await page.GetByLabel("Day of the statement").FillAsync("2026-01-22");
        await page.GetByLabel("Organisation").FillAsync("Amnesty International");
        await page.GetByLabel("Speaker", new() { Exact = true }).FillAsync("Marie Struthers");
        await page.GetByLabel("Summary").FillAsync("Calls on Kazakhstan to drop the criminal charges and release the activists.");
        await Jurist(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the statement" }).ClickAsync();
        await Visible(page.GetByText("The statement is recorded."));
        await Visible(page.Locator(".timeline li", new() { HasText = "Amnesty International" }));
        await Visible(Bar(page, "Custody", "Police custody", 17));
        await Visible(Bar(page, "Custody", "Pretrial detention", 1));
        await Visible(Bar(page, "Custody", "House arrest", 1));
        await Visible(Bar(page, "Current charges", AtajurtCase.CriminalBasis, 1));
        await Visible(Bar(page, "Current charges", AtajurtCase.AdministrativeBasis, 18));
        await ConsoleBrowser.Screenshot(page, "dashboard-after-forms");
    }

    private static async Task Jurist(IPage page)
    {
        await page.GetByLabel("Published by").FillAsync("JURIST");
        await page.GetByLabel("Published on").FillAsync("2026-01-22");
    }

    private static async Task Custody(IPage page, string day, string status)
    {
        await page.GetByLabel("Day it took effect").FillAsync(day);
        await page.GetByLabel("Now held in").SelectOptionAsync(new SelectOptionValue { Label = status });
        await Jurist(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the change of custody" }).ClickAsync();
    }

    /// <summary>The count written beside a bar of one of the dashboard's charts.</summary>
    private static ILocator Bar(IPage page, string chart, string label, int count) =>
        page.Locator(".card", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = chart }) })
            .Locator("li", new() { Has = page.GetByText(label, new() { Exact = true }) })
            .GetByText(count.ToString(), new() { Exact = true });

    private static Task Visible(ILocator locator) => Expect(locator).ToBeVisibleAsync();

    private static Task Accessible(IPage page) => BrowserTests.Accessible(page, page.Url);
}
