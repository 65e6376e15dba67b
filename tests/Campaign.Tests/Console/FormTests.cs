using System.Net;
using Campaign.Access;
using Campaign.Defendants;
using Campaign.Defendants.ChangingCustody;
using Campaign.Defendants.FilingCharges;
using Campaign.Defendants.RecordingDetention;
using Campaign.Tests.Support;
using Marten;
using static Campaign.Tests.Console.FormPage;

namespace Campaign.Tests.Console;

/// <summary>The console's forms, through the real pipeline: each builds its slice's command and sends it on the one write path.</summary>
[Collection(AppCollection.Name)]
public sealed class FormTests(AppFixture app)
{
    private static readonly (string, string)[] Jurist = [("Input.Source.Publisher", "JURIST"), ("Input.Source.PublishedOn", "2026-01-22")];

    [Fact]
    public async Task A_form_records_the_slices_command_as_the_signed_in_person()
    {
        var (staff, owner) = await Staff();
        var (_, defendant, _) = await staff.ChargedDefendant();
        var browser = await new ConsoleClient(app.Host).SignedIn(staff.Key!);

        var form = await browser.Open($"/defendants/{defendant}/custody");
        Assert.Contains("<label for=\"Input_Status\">Now held in</label>", form.Html);
        Assert.Equal("3", form["ExpectedVersion"]); // registered, detained, charged
        Assert.False(string.IsNullOrEmpty(form["IdempotencyKey"]));
        var page = await browser.SendAndFollow(form, [("Input.OccurredOn", "2026-01-22"), ("Input.Status", "PretrialDetention"), ("Input.Place", "Taldykorgan"), .. Jurist]);

        Assert.Contains("The change of custody is recorded.", page);
        Assert.Contains("Pretrial detention since 22 January 2026, Taldykorgan", page);
        var last = await LastEvent(defendant);
        var changed = Assert.IsType<CustodyStatusChanged>(last.Data);
        Assert.Equal((CustodyStatus.PretrialDetention, "JURIST", new DateOnly(2026, 1, 22)), (changed.Status, changed.Source.Publisher, changed.OccurredOn));
        Assert.Equal(owner, last.UserName);
        Assert.Equal(4, last.Version);
    }

    [Fact]
    public async Task An_error_is_shown_beside_its_field_with_the_entries_kept_and_nothing_recorded()
    {
        var (staff, _) = await Staff();
        var (_, defendant, _) = await staff.ChargedDefendant();
        var browser = await new ConsoleClient(app.Host).SignedIn(staff.Key!);
        var events = await app.EventCount(defendant);

        var form = await browser.Open($"/defendants/{defendant}/detention");
        var shown = await browser.SendAndStay(form, ("Input.OccurredOn", "2999-01-01"), ("Input.Authority", "Police"), ("Input.Source.PublishedOn", "2026-01-22"));

        ShowsError(shown.Html, "Input_Source_Publisher", "A source needs its publisher unless it is first-hand.");
        ShowsError(shown.Html, "Input_Place", "“Where” must not be empty.");
        ShowsError(shown.Html, "Input_OccurredOn", "“Day of the detention” cannot be in the future.");
        Assert.Contains("value=\"Police\"", Tag(shown.Html, "Input_Authority"));
        Assert.Equal("", ErrorBeside(shown.Html, "Input_Authority"));
        Assert.Contains("<a href=\"#Input_Place\">", shown.Html); // the summary links to the field
        Assert.Equal(events, await app.EventCount(defendant));

        // What no browser sends is refused too, and records nothing: text PostgreSQL cannot store (which ASP.NET Core
        // itself refuses in a URL-encoded form), a form without its token.
        var unstorable = await browser.Submit($"/defendants/{defendant}/detention", new Dictionary<string, string>
        {
            ["Input.OccurredOn"] = "2025-11-14", ["Input.Place"] = "Alma\0ty", ["Input.Source.FirstHand"] = "true",
        }, multipart: true);
        Assert.StartsWith("This contains a character that cannot be stored", ErrorBeside(await unstorable.Content.ReadAsStringAsync(), "Input_Place"));
        var forged = await browser.PostWithoutToken($"/defendants/{defendant}/detention", new Dictionary<string, string>
        {
            ["Input.OccurredOn"] = "2025-11-14", ["Input.Place"] = "Almaty", ["Input.Source.FirstHand"] = "true",
        });
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(events, await app.EventCount(defendant));

        // First-hand, no published source is needed.
        var page = await browser.SendAndFollow(shown, ("Input.OccurredOn", "2025-11-14"), ("Input.Place", "Almaty"), ("Input.Source.FirstHand", "true"));
        Assert.Contains("The detention is recorded.", page);
        Assert.True(Assert.IsType<DetentionRecorded>((await LastEvent(defendant)).Data).Source.FirstHand);
    }

    [Fact]
    public async Task A_stale_form_records_nothing_and_shows_what_changed_since_it_was_opened_until_it_is_sent_again()
    {
        var (staff, owner) = await Staff();
        var (_, defendant, _) = await staff.ChargedDefendant();
        var browser = await new ConsoleClient(app.Host).SignedIn(staff.Key!);
        var first = await browser.Open($"/defendants/{defendant}/custody");
        var second = await browser.Open($"/defendants/{defendant}/custody");

        await browser.SendAndFollow(first, [("Input.OccurredOn", "2026-01-22"), ("Input.Status", "HouseArrest"), .. Jurist]);
        var stale = await browser.SendAndStay(second, [("Input.OccurredOn", "2026-01-23"), ("Input.Status", "PretrialDetention"), ("Input.Conditions", "none"), .. Jurist]);

        var text = Text(stale.Html);
        Assert.Contains("Recorded since you opened this form", text);
        Assert.Matches($"22 January 2026</span>\\s*·\\s*Custody changed to house arrest\\s*<span class=\"meta\">— recorded [^<]* by {owner}", text);
        Assert.Contains("<option value=\"PretrialDetention\" selected=\"selected\">", stale.Html); // the entries kept
        Assert.Contains("value=\"none\"", Tag(stale.Html, "Input_Conditions"));
        Assert.Equal("4", stale["ExpectedVersion"]);
        Assert.Equal(CustodyStatus.HouseArrest, Assert.IsType<CustodyStatusChanged>((await LastEvent(defendant)).Data).Status);

        var page = await browser.SendAndFollow(stale, [("Input.OccurredOn", "2026-01-23"), ("Input.Status", "PretrialDetention"), .. Jurist]);
        Assert.Contains("Pretrial detention since 23 January 2026", page);
        Assert.Equal(5, (await LastEvent(defendant)).Version);
    }

    [Fact]
    public async Task A_form_sent_twice_records_once()
    {
        var (staff, _) = await Staff();
        var (_, defendant, _) = await staff.ChargedDefendant();
        var browser = await new ConsoleClient(app.Host).SignedIn(staff.Key!);
        var form = await browser.Open($"/defendants/{defendant}/charge");
        (string, string)[] fields = [("Input.OccurredOn", "2026-01-22"), ("Input.Charge.LegalBasis", "Criminal Code Art. 174"), ("Input.Charge.Kind", "Criminal"),
            ("Input.Charge.Description", "Inciting discord"), .. Jurist];

        var once = await browser.Send(form, fields);
        var twice = await browser.Send(form, fields);

        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect), (once.StatusCode, twice.StatusCode));
        Assert.Equal(once.Headers.Location, twice.Headers.Location);
        await using var session = app.Store.QuerySession();
        var charges = (await session.Events.FetchStreamAsync(defendant)).Select(e => e.Data).OfType<ChargeFiled>().ToList();
        Assert.Equal(["Code of Administrative Offences (hooliganism)", "Criminal Code Art. 174"], charges.Select(c => c.Charge.LegalBasis));
    }

    [Fact]
    public async Task An_escalation_picks_the_charge_it_replaces_among_the_pending_ones_and_a_contradiction_is_said_above_the_form()
    {
        var (staff, _) = await Staff();
        var (_, defendant, charge) = await staff.ChargedDefendant();
        var browser = await new ConsoleClient(app.Host).SignedIn(staff.Key!);

        var form = await browser.Open($"/defendants/{defendant}/escalation");
        Assert.Contains($"<option value=\"{charge}\">Code of Administrative Offences (hooliganism) (Hooliganism), filed 13 November 2025</option>", form.Html);
        (string, string)[] escalation = [("Input.ChargeId", charge.ToString()), ("Input.OccurredOn", "2026-01-22"),
            ("Input.Charge.LegalBasis", "Criminal Code Art. 174"), ("Input.Charge.Kind", "Criminal"), ("Input.Charge.Description", "Inciting discord"),
            ("Input.Reason", "After a diplomatic note"), .. Jurist];
        var dropped = await browser.Open($"/defendants/{defendant}/dropped-charge");
        var page = await browser.SendAndFollow(form, escalation);
        Assert.Contains("Escalated from “Code of Administrative Offences (hooliganism)”: After a diplomatic note.", Text(page));

        // The charge is no longer pending: the form opened before says so above its fields (once reviewed, as it is stale).
        var stale = await browser.SendAndStay(dropped, [("Input.ChargeId", charge.ToString()), ("Input.OccurredOn", "2026-01-22"), .. Jurist]);
        var refused = await browser.SendAndStay(stale, [("Input.ChargeId", charge.ToString()), ("Input.OccurredOn", "2026-01-22"), .. Jurist]);
        Assert.Contains($"Charge {charge} is no longer pending: it is Replaced.", Text(refused.Html));
        Assert.Contains("class=\"error-summary\"", refused.Html);
    }

    [Fact]
    public async Task A_campaign_is_launched_a_defendant_added_and_a_statement_recorded_through_forms()
    {
        var (staff, owner) = await Staff();
        var browser = await new ConsoleClient(app.Host).SignedIn(staff.Key!);

        var launch = await browser.Open("/campaigns/new");
        var dashboard = await browser.SendAndFollow(launch, ("Input.Name", "Forms case"), ("Input.Country", "Kazakhstan"));
        Assert.Contains("<h1>Forms case</h1>", dashboard);
        Assert.Contains("The campaign is launched.", dashboard);
        var campaign = Guid.Parse(System.Text.RegularExpressions.Regex.Match(dashboard, "/campaigns/([0-9a-f-]{36})/history").Groups[1].Value);

        var added = await browser.SendAndFollow(await browser.Open($"/campaigns/{campaign}/defendants/new"),
            ("Input.DisplayName", "Defendant A (placeholder)"), ("Input.LegalName", "Legal Name A"));
        Assert.Contains("<h1>Defendant A (placeholder)</h1>", added);
        Assert.Contains("Legal name: <strong>Legal Name A</strong>", added);

        var statement = await browser.Open($"/campaigns/{campaign}/statements/new");
        Assert.Equal("1", statement["ExpectedVersion"]);
        var shown = await browser.SendAndStay(statement, [("Input.OccurredOn", "2026-01-22"), ("Input.Organisation", "Amnesty International"), .. Jurist]);
        ShowsError(shown.Html, "Input_Quote", "A statement needs a quote or a summary.");
        var page = await browser.SendAndFollow(shown, [("Input.OccurredOn", "2026-01-22"), ("Input.Organisation", "Amnesty International"),
            ("Input.Summary", "Calls for the release of the activists."), .. Jurist]);
        Assert.Contains("The statement is recorded.", page);
        Assert.Contains("Calls for the release of the activists.", page); // the campaign view, once it has caught up with the write
        Assert.Equal(owner, (await LastEvent(campaign)).UserName);
    }

    [Fact]
    public async Task A_defendant_is_summoned_to_a_hearing_already_scheduled_for_others_picked_from_the_campaigns_hearings()
    {
        var (staff, _) = await Staff();
        var campaign = await staff.LaunchCampaign("Hearing case");
        var (first, second) = (await staff.RegisterDefendant(campaign, "First (placeholder)"), await staff.RegisterDefendant(campaign, "Second (placeholder)"));
        var trial = new Defendants.SchedulingHearings.ScheduleHearing(new(2026, 1, 22), new(2026, 2, 10), "Almaty City Court", "Almaty", "Opening of the trial",
            new(null, "JURIST", new(2026, 1, 22)));
        var written = await staff.Post($"/api/defendants/{first}/hearings", trial);
        var hearingId = (await staff.Defendant(first)).Hearings.Single().HearingId;
        await staff.Campaign(campaign, written.Sequence);
        var browser = await new ConsoleClient(app.Host).SignedIn(staff.Key!);

        Assert.DoesNotContain("Input_HearingId", (await browser.Open($"/defendants/{first}/hearing")).Html); // already summoned to the only one
        var form = await browser.Open($"/defendants/{second}/hearing");
        Assert.Contains("<label for=\"Input_HearingId\">Which hearing", form.Html);
        Assert.Contains($"<option value=\"{hearingId}\">Opening of the trial, 10 February 2026, Almaty City Court, Almaty (1 defendant summoned)</option>", form.Html);
        Assert.Contains("<option value=\"\">A new hearing</option>", form.Html);
        var events = await app.EventCount(second);

        var late = await browser.SendAndStay(form, ("Input.HearingId", $"{hearingId}"), ("Input.OccurredOn", "2026-02-12"), ("Input.Source.FirstHand", "true"));
        ShowsError(late.Html, "Input_HearingId", "A hearing cannot take place before it was scheduled.");
        var unknown = await browser.SendAndStay(late, ("Input.HearingId", $"{Guid.NewGuid()}"), ("Input.OccurredOn", "2026-01-25"), ("Input.Source.FirstHand", "true"));
        ShowsError(unknown.Html, "Input_HearingId", "Pick one of the hearings listed, or a new hearing.");
        Assert.Equal(events, await app.EventCount(second));

        // The details typed for a new hearing are not those of the hearing picked: the hearing keeps its own.
        var page = await browser.SendAndFollow(unknown, ("Input.HearingId", $"{hearingId}"), ("Input.OccurredOn", "2026-01-25"),
            ("Input.Purpose", "Something else"), ("Input.City", "Astana"), ("Input.Source.FirstHand", "true"));
        Assert.Contains("The summons to the hearing is recorded.", page);
        Assert.Contains("<strong>10 February 2026</strong>: Opening of the trial, Almaty City Court, Almaty", page);
        var summoned = (await staff.Defendant(second)).Hearings.Single();
        Assert.Equal((hearingId, new DateOnly(2026, 2, 10), "Opening of the trial", "Almaty", new DateOnly(2026, 1, 25)),
            (summoned.HearingId, summoned.ScheduledFor, summoned.Purpose, summoned.City, summoned.ScheduledOn));
        var shared = (await staff.Campaign(campaign, (await LastEvent(second)).Sequence)).Hearings.Single();
        Assert.Equal(new[] { first, second }.Order(), shared.DefendantIds.Order());
    }

    private async Task<(Api Api, string Owner)> Staff()
    {
        var owner = $"forms-{Guid.NewGuid():N}@test";
        return (app.Admin.As((await app.IssueKey(Role.Staff, owner)).Key), owner);
    }

    private async Task<JasperFx.Events.IEvent> LastEvent(Guid stream)
    {
        await using var session = app.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(stream))[^1];
    }
}
