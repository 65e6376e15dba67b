using System.Net.Http.Json;
using System.Text;
using Campaign.Access;
using Campaign.Campaigns.Launching;
using Campaign.Demo;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Campaign.Tests.Console;

/// <summary>The import page in Chromium: a sheet chosen from the disk, its errors read as a table, the corrected sheet imported.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserImportTests(ConsoleBrowser console)
{
    private static FilePayload Sheet(Func<int, string> day) => new()
    {
        Name = "atajurt-detentions.csv", MimeType = "text/csv",
        Buffer = Encoding.UTF8.GetBytes(string.Join("\r\n", ["defendant,development,occurred_on,place,authority,source_publisher,source_published_on",
            .. Enumerable.Range(1, 19).Select(n =>
                $"{AtajurtCase.Defendant(n).DisplayName},detention,{day(n)},\"Near the Kazakhstan–China border, Almaty region\",Police,JURIST,2026-01-22")])),
    };

    [Fact]
    public async Task Staff_import_the_19_detentions_after_correcting_the_row_the_check_names()
    {
        var key = (await console.IssueKey(Role.Staff, "importer@ngo.test")).Key;
        using var api = console.Api(key);
        var launched = await api.PostAsJsonAsync("/api/campaigns", new LaunchCampaign("Atajurt 19, imported", "Kazakhstan", "Almaty region", null), console.Json);
        var campaign = (await launched.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Infrastructure.Writing.WriteResult>(console.Json))!.Id;
        long sequence = 0;
        for (var n = 1; n <= 19; n++)
        {
            var registered = await api.PostAsJsonAsync($"/api/campaigns/{campaign}/defendants", AtajurtCase.Defendant(n), console.Json);
            sequence = (await registered.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Infrastructure.Writing.WriteResult>(console.Json))!.Sequence;
        }
        // The dashboard reads the campaign view, built a moment after each write.
        (await api.GetAsync($"/api/campaigns/{campaign}?waitForSequence={sequence}")).EnsureSuccessStatusCode();
        var page = await console.SignedIn(key);
        await page.GotoAsync($"/campaigns/{campaign}");

        await page.GetByRole(AriaRole.Link, new() { Name = "Import a spreadsheet" }).ClickAsync();
        await page.GetByLabel("The spreadsheet").SetInputFilesAsync(Sheet(n => n == 12 ? "2025-11-31" : "2025-11-13"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the sheet" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nothing can be imported yet: 1 error" })).ToBeVisibleAsync();
        var error = page.Locator("#errors tbody tr");
        await Expect(error).ToHaveCountAsync(1);
        await Expect(error).ToContainTextAsync("13occurred_on'2025-11-31' is not a day written as YYYY-MM-DD.");
        await BrowserTests.Accessible(page, "the import page with errors");
        await ConsoleBrowser.Screenshot(page, "import-errors");

        await page.GetByLabel("The spreadsheet").SetInputFilesAsync(Sheet(_ => "2025-11-13"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the sheet" }).ClickAsync();
        await Expect(page.GetByText("atajurt-detentions.csv is ready: 19 developments, no errors")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Import 19 developments" }).ClickAsync();

        await Expect(page.GetByText("19 developments from atajurt-detentions.csv are recorded.")).ToBeVisibleAsync();
        Assert.EndsWith($"/campaigns/{campaign}", page.Url);
    }
}
