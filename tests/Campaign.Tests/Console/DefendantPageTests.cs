using System.Net;
using Campaign.Access;
using Campaign.Tests.Support;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Console;

[Collection(AppCollection.Name)]
public sealed class DefendantPageTests(AppFixture app)
{
    [Fact]
    public async Task The_timeline_shows_each_development_by_day_with_its_source_and_a_retracted_one_struck_through_with_the_reason()
    {
        var staff = await app.As(Role.Staff);
        var (_, defendant, _) = await staff.ChargedDefendant();
        var custody = await staff.Post($"/api/defendants/{defendant}/custody", Custody(Defendants.CustodyStatus.HouseArrest) with
        {
            Source = new(null, "The brother", Jan22, Kind: Developments.SourceKind.Relative, Confidential: true),
        });
        var view = await staff.Defendant(defendant);
        var detention = view.Timeline.Single(t => t.Development == "DetentionRecorded").EventId;
        await staff.Post($"/api/streams/{defendant}/retractions", new { eventId = detention, reason = "Wrong person: a namesake" });
        var browser = await new ConsoleClient(app.Host).SignedIn(staff.Key!);

        var page = await browser.Page($"/defendants/{defendant}");

        Assert.Contains("<span class=\"when\">13 November 2025</span>", page);
        Assert.Contains("<a href=\"https://example.org/report\" rel=\"noreferrer noopener\">Example Wire</a>, 22 January 2026", page);
        Assert.Contains("The brother, 22 January 2026 (confidential)", page);
        Assert.Matches("<li class=\"retracted\">\\s*<span class=\"when\">13 November 2025</span>\\s*<span class=\"what\">[^<]*</span>\\s*<p class=\"error\">Retracted on [^:]+: Wrong person: a namesake</p>", page);
        Assert.Contains("House arrest since 22 January 2026", page);
        Assert.True(custody.Version > 0);

        var history = await browser.Page($"/defendants/{defendant}/history");
        Assert.Contains("Wrong person: a namesake", history);
        Assert.Matches("<td>[^<]*@test</td>", history);

        await app.Admin.Post($"/api/streams/{defendant}/erasure", new { reason = "safety" }, 204);
        var erased = await browser.Page($"/defendants/{defendant}");
        Assert.True(erased.Contains("a confidential source (relative)"), erased[erased.IndexOf("<h2>Timeline")..]);
        Assert.DoesNotContain("The brother", erased);
    }

    [Fact]
    public async Task Auditors_see_a_defendant_as_of_a_past_day_and_staff_may_not()
    {
        var staff = await app.As(Role.Staff);
        var (campaign, defendant, _) = await staff.ChargedDefendant();
        var auditor = await new ConsoleClient(app.Host).SignedIn((await app.IssueKey(Role.Auditor, $"auditor-{Guid.NewGuid():N}@test")).Key);

        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1).ToString("yyyy-MM-dd");
        Assert.Equal(HttpStatusCode.NotFound, (await auditor.Get($"/defendants/{defendant}?asOf={yesterday}")).StatusCode);
        var today = await auditor.Page($"/defendants/{defendant}?asOf={DateTime.UtcNow:yyyy-MM-dd}");
        Assert.Contains("As the system showed it at the end of", today);
        Assert.Contains("Hooliganism", today);

        var browser = await new ConsoleClient(app.Host).SignedIn(staff.Key!);
        var refused = await browser.Get($"/defendants/{defendant}?asOf={yesterday}");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/refused", refused.Headers.Location!.PathAndQuery);
        Assert.DoesNotContain("Show as of", await browser.Page($"/defendants/{defendant}"));
        Assert.Contains(campaign.ToString(), await browser.Page($"/defendants/{defendant}"));
    }
}
