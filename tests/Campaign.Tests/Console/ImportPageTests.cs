using System.Net;
using System.Text;
using Campaign.Access;
using Campaign.Defendants;
using Campaign.Demo;
using Campaign.Tests.Support;

namespace Campaign.Tests.Console;

/// <summary>The import page: a sheet uploaded and checked, its errors as a table, then confirmed and recorded all at once.</summary>
[Collection(AppCollection.Name)]
public sealed class ImportPageTests(AppFixture app)
{
    private static byte[] Detentions(Func<int, string> day) => Encoding.UTF8.GetBytes(string.Join("\r\n",
        ["defendant,development,occurred_on,place,source_publisher,source_published_on",
            .. Enumerable.Range(1, 19).Select(n => $"{AtajurtCase.Defendant(n).DisplayName},detention,{day(n)},\"Almaty region, Kazakhstan\",JURIST,2026-01-22")]));

    [Fact]
    public async Task A_member_of_staff_checks_a_sheet_sees_its_errors_by_row_and_column_then_imports_the_corrected_one()
    {
        var staff = await app.As(Role.Staff);
        var campaign = await staff.LaunchCampaign("Atajurt 19 (import)");
        var defendants = new List<Guid>();
        for (var n = 1; n <= 19; n++) defendants.Add(await staff.RegisterDefendant(campaign, AtajurtCase.Defendant(n).DisplayName));
        await app.ViewsCaughtUp(); // the dashboard reads the campaign view, built a moment after each write
        var browser = await new ConsoleClient(app.Host).SignedIn(staff.Key!);
        var page = $"/campaigns/{campaign}/import";
        Assert.Contains($"href=\"{page}\"", await browser.Page($"/campaigns/{campaign}"));

        var template = await browser.Get($"{page}?handler=template");
        Assert.Equal("text/csv", template.Content.Headers.ContentType!.MediaType);

        var refused = await browser.Upload(page, $"{page}?handler=check", ("Sheet", "atajurt.csv", Detentions(n => n == 5 ? "13.11.2025" : "2025-11-13")));
        var errors = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Nothing can be imported yet: 1 error", errors);
        Assert.Matches("<tr><td>6</td><td>occurred_on</td><td>&#x27;13.11.2025&#x27; is not a day written as YYYY-MM-DD.</td></tr>", errors);
        Assert.DoesNotContain("handler=apply", errors);
        Assert.Equal(19, await app.EventCount(defendants));

        var ready = await browser.Upload(page, $"{page}?handler=check", ("Sheet", "atajurt.csv", Detentions(_ => "2025-11-13")));
        var confirm = ConsoleClient.OpenedForm.Of($"{page}?handler=apply", await ready.Content.ReadAsStringAsync());
        Assert.Contains("atajurt.csv is ready: 19 developments, no errors", confirm.Html);
        Assert.Equal(19, await app.EventCount(defendants));

        var dashboard = await browser.SendAndFollow(confirm);

        Assert.Contains("19 developments from atajurt.csv are recorded.", dashboard);
        Assert.All(await Task.WhenAll(defendants.Select(staff.Defendant)), d => Assert.Equal(CustodyStatus.PoliceCustody, d.Custody!.Status));

        var again = await browser.SendAndStay(confirm);
        Assert.Contains("was already imported into the campaign by", again.Html);
        Assert.Equal(19 * 2, await app.EventCount(defendants));
    }
}
