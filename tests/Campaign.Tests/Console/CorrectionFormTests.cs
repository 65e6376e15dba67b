using System.Net;
using Campaign.Access;
using Campaign.Confidentiality;
using Campaign.Defendants.Registering;
using Campaign.Tests.Support;
using static Campaign.Tests.Console.FormPage;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Console;

/// <summary>Correcting the record from the console: retractions with a reason, erasure behind a confirmation, and who may do either.</summary>
[Collection(AppCollection.Name)]
public sealed class CorrectionFormTests(AppFixture app)
{
    [Fact]
    public async Task A_fact_is_retracted_from_the_timeline_with_a_reason_and_shown_struck_through()
    {
        var staff = await app.As(Role.Staff);
        var (_, defendant, _) = await staff.ChargedDefendant();
        var detention = (await staff.Defendant(defendant)).Timeline.Single(t => t.Development == "DetentionRecorded").EventId;
        var browser = await new ConsoleClient(app.Host).SignedIn(staff.Key!);
        var link = $"/defendants/{defendant}/retractions?event={detention}";
        Assert.Contains($"href=\"{link}\"", await browser.Page($"/defendants/{defendant}"));

        var form = await browser.Open(link);
        Assert.Contains("Detained at Almaty region by Police", form.Html);
        var shown = await browser.SendAndStay(form);
        ShowsError(shown.Html, "Input_Reason", "“Why it was wrong” must not be empty.");
        var page = await browser.SendAndFollow(shown, ("Input.Reason", "Wrong person: a namesake"));

        Assert.Contains("The retraction is recorded.", page);
        Assert.Matches("<li class=\"retracted\">\\s*<span class=\"when\">13 November 2025</span>\\s*<span class=\"what\">Detained at Almaty region by Police</span>\\s*<p class=\"error\">Retracted on [^:]+: Wrong person: a namesake</p>", page);
        Assert.DoesNotContain($"href=\"{link}\"", page);
        Assert.Null((await staff.Defendant(defendant)).Custody);
        Assert.Contains("This was already retracted", (await browser.Open(link)).Html);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.Get($"/defendants/{defendant}/retractions?event={Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task A_statement_is_retracted_from_the_campaign()
    {
        var staff = await app.As(Role.Staff);
        var campaign = await staff.LaunchCampaign();
        var written = await staff.Post($"/api/campaigns/{campaign}/statements", new Campaigns.IssuingStatements.IssueStatement(
            Jan22, "Human Rights Watch", null, null, null, "Urges the release of the activists.", Report));
        var statement = (await staff.Campaign(campaign, written.Sequence)).Statements.Single().EventId;
        var browser = await new ConsoleClient(app.Host).SignedIn(staff.Key!);
        Assert.Contains($"href=\"/campaigns/{campaign}/retractions?event={statement}\"", await browser.Page($"/campaigns/{campaign}"));

        var page = await browser.SendAndFollow(await browser.Open($"/campaigns/{campaign}/retractions?event={statement}"), ("Input.Reason", "Misattributed"));

        Assert.Contains("The retraction is recorded.", page);
        Assert.Contains("No statements recorded.", page);
    }

    [Fact]
    public async Task Erasure_is_for_admins_behind_a_page_that_says_what_is_destroyed()
    {
        var staff = await app.As(Role.Staff);
        var campaign = await staff.LaunchCampaign();
        var defendant = (await staff.Post($"/api/campaigns/{campaign}/defendants", new RegisterDefendant("Alias (placeholder)", "Legal Name To Erase"), 201)).Id;
        await staff.Post($"/api/defendants/{defendant}/detentions", Detention() with
        {
            Source = new(null, "The sister", Jan22, Kind: Developments.SourceKind.Relative, Confidential: true),
        });
        var url = $"/defendants/{defendant}/erasure";

        var member = await new ConsoleClient(app.Host).SignedIn(staff.Key!);
        Assert.DoesNotContain(url, await member.Page($"/defendants/{defendant}"));
        Assert.StartsWith("/refused", (await member.Get(url)).Headers.Location!.PathAndQuery);
        var refused = await member.Submit($"/defendants/{defendant}", new Dictionary<string, string> { ["Reason"] = "safety" }, url);
        Assert.StartsWith("/refused", refused.Headers.Location!.PathAndQuery);
        Assert.Null((await PersonalDataKeyOf(defendant))?.ErasedAt);

        var admin = await new ConsoleClient(app.Host).SignedIn(app.Admin.Key!);
        Assert.Contains($"href=\"{url}\"", await admin.Page($"/defendants/{defendant}"));
        var confirmation = await admin.Open(url);
        var text = Text(confirmation.Html);
        Assert.Contains("What is destroyed, for good", text);
        Assert.Contains("Their legal name.", text);
        Assert.Contains("the name, the link and the note of 1 development's source marked confidential", text);
        Assert.Contains("This cannot be undone.", text);
        var shown = await admin.SendAndStay(confirmation);
        ShowsError(shown.Html, "Reason", "“Why” must not be empty.");
        Assert.Null((await PersonalDataKeyOf(defendant))?.ErasedAt);

        var page = await admin.SendAndFollow(shown, ("Reason", "A threat to the person's safety"));
        Assert.Contains("The confidential data of Alias (placeholder) is erased.", page);
        Assert.DoesNotContain("Legal Name To Erase", page);
        Assert.DoesNotContain("The sister", page);
        Assert.Contains("a confidential source (relative)", page);
        var key = await PersonalDataKeyOf(defendant);
        Assert.Equal(("admin@test", "A threat to the person's safety"), (key!.ErasedBy, key.ErasureReason));
        Assert.Contains("Already erased on", Text((await admin.Open(url)).Html));
    }

    [Fact]
    public async Task A_campaigns_confidential_sources_are_erased_by_an_admin_behind_a_page_that_says_what_is_destroyed()
    {
        var staff = await app.As(Role.Staff);
        var campaign = await staff.LaunchCampaign("Campaign with a witness");
        var witness = $"Witness {Guid.NewGuid():N}";
        var written = await staff.Post($"/api/campaigns/{campaign}/statements", new Campaigns.IssuingStatements.IssueStatement(
            Jan22, "Atajurt volunteers", null, null, "What we saw at the gate.", null,
            new(null, witness, Jan22, Kind: Developments.SourceKind.Witness, Confidential: true)));
        await staff.Campaign(campaign, written.Sequence);
        var url = $"/campaigns/{campaign}/erasure";

        var member = await new ConsoleClient(app.Host).SignedIn(staff.Key!);
        Assert.DoesNotContain(url, await member.Page($"/campaigns/{campaign}"));
        Assert.StartsWith("/refused", (await member.Get(url)).Headers.Location!.PathAndQuery);
        var refused = await member.Submit($"/campaigns/{campaign}", new Dictionary<string, string> { ["Reason"] = "safety" }, url);
        Assert.StartsWith("/refused", refused.Headers.Location!.PathAndQuery);
        Assert.Null((await PersonalDataKeyOf(campaign))?.ErasedAt);

        var admin = await new ConsoleClient(app.Host).SignedIn(app.Admin.Key!);
        var dashboard = await admin.Page($"/campaigns/{campaign}");
        Assert.Contains($"href=\"{url}\"", dashboard);
        Assert.Contains(witness, dashboard);
        var confirmation = await admin.Open(url);
        var text = Text(confirmation.Html);
        Assert.Contains("What is destroyed, for good", text);
        Assert.Contains("the name, the link and the note of 1 statement's source marked confidential", text);
        Assert.Contains("The defendants' own confidential data (their legal names, the sources of their developments) is not touched", text);
        Assert.Contains("No statement with a confidential source can be recorded for this campaign again.", text);
        Assert.Contains("This cannot be undone.", text);
        var shown = await admin.SendAndStay(confirmation);
        ShowsError(shown.Html, "Reason", "“Why” must not be empty.");
        Assert.Null((await PersonalDataKeyOf(campaign))?.ErasedAt);

        var page = await admin.SendAndFollow(shown, ("Reason", "The witness is in danger"));
        Assert.Contains("The confidential data of the campaign Campaign with a witness is erased.", page);
        Assert.DoesNotContain(witness, page);
        Assert.Contains("a confidential source (witness)", page);
        Assert.Contains("What we saw at the gate.", page);
        var key = await PersonalDataKeyOf(campaign);
        Assert.Equal(("admin@test", "The witness is in danger"), (key!.ErasedBy, key.ErasureReason));
        Assert.Contains("Already erased on", Text((await admin.Open(url)).Html));
        await staff.Reject($"/api/campaigns/{campaign}/statements", new Campaigns.IssuingStatements.IssueStatement(
            Jan22, "Atajurt volunteers", null, null, "More.", null, new(null, "Another witness", Jan22, Kind: Developments.SourceKind.Witness, Confidential: true)), 409);
    }

    [Fact]
    public async Task Staff_of_another_campaign_and_auditors_are_refused_every_form()
    {
        var owner = await app.As(Role.Staff);
        var (campaign, defendant, _) = await owner.ChargedDefendant();
        var detention = (await owner.Defendant(defendant)).Timeline.First().EventId;
        var events = await app.EventCount(defendant);
        string[] forms =
        [
            .. new[] { "detention", "charge", "escalation", "custody", "hearing", "verdict", "release", "dropped-charge", "erasure" }
                .Select(form => $"/defendants/{defendant}/{form}"),
            $"/campaigns/{campaign}/erasure", $"/defendants/{defendant}/retractions?event={detention}", $"/campaigns/{campaign}/developments?kind=Detention",
            $"/campaigns/{campaign}/statements/new", $"/campaigns/{campaign}/defendants/new", $"/campaigns/{campaign}/retractions?event={detention}",
        ];
        var other = await new ConsoleClient(app.Host).SignedIn((await app.As(Role.Staff)).Key!);
        var auditor = await new ConsoleClient(app.Host).SignedIn((await app.IssueKey(Role.Auditor, $"auditor-{Guid.NewGuid():N}@test")).Key);

        foreach (var browser in new[] { other, auditor })
        foreach (var url in forms)
        {
            var response = await browser.Get(url);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.PathAndQuery.StartsWith("/refused"), $"GET {url}: {response.StatusCode}");
        }
        var posted = await other.Submit("/campaigns", new Dictionary<string, string>
        {
            ["Input.OccurredOn"] = "2026-01-22", ["Input.Status"] = "HouseArrest", ["Input.Source.FirstHand"] = "true",
        }, $"/defendants/{defendant}/custody");
        Assert.StartsWith("/refused", posted.Headers.Location!.PathAndQuery);
        Assert.StartsWith("/refused", (await auditor.Get("/campaigns/new")).Headers.Location!.PathAndQuery);
        Assert.DoesNotContain("Record what happened", await auditor.Page($"/defendants/{defendant}"));
        Assert.Equal(events, await app.EventCount(defendant));
    }

    private async Task<PersonalDataKey?> PersonalDataKeyOf(Guid stream)
    {
        await using var session = app.Store.QuerySession();
        return await session.LoadAsync<PersonalDataKey>(stream);
    }
}
