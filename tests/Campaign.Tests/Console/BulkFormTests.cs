using Campaign.Access;
using Campaign.Defendants;
using Campaign.Defendants.ChangingCustody;
using Campaign.Defendants.RecordingDetention;
using Campaign.Tests.Support;
using Marten;
using static Campaign.Tests.Console.FormPage;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Console;

/// <summary>The bulk form: one development for several defendants of a campaign, all of them or none.</summary>
[Collection(AppCollection.Name)]
public sealed class BulkFormTests(AppFixture app)
{
    [Fact]
    public async Task A_detention_is_recorded_for_the_defendants_ticked_and_an_error_in_it_records_it_for_none()
    {
        var (staff, campaign, defendants) = await CampaignOfThree();
        var browser = await new ConsoleClient(app.Host).SignedIn(staff.Key!);
        var form = await browser.Open($"/campaigns/{campaign}/developments?kind=Detention");
        Assert.All(defendants, d => Assert.Contains($"<label for=\"defendant-{d}\">", form.Html));
        Assert.Equal("1", form[$"Input.Versions[{defendants[0]}]"]);
        (string, string)[] chosen = [("Input.Everyone", "false"), ("Input.DefendantIds", $"{defendants[0]}"), ("Input.DefendantIds", $"{defendants[1]}")];

        var shown = await browser.SendAndStay(form, [.. chosen, ("Input.Detention.OccurredOn", "2025-11-13"), ("Input.Detention.Source.FirstHand", "true")]);
        ShowsError(shown.Html, "Input_Detention_Place", "“Where” must not be empty.");
        Assert.Contains("checked=\"checked\"", Tag(shown.Html, $"defendant-{defendants[1]}"));
        Assert.DoesNotContain("checked", Tag(shown.Html, $"defendant-{defendants[2]}"));
        Assert.Equal(3, await app.EventCount(defendants));

        var dashboard = await browser.SendAndFollow(shown, [.. chosen, ("Input.Detention.OccurredOn", "2025-11-13"),
            ("Input.Detention.Place", "Almaty region"), ("Input.Detention.Source.FirstHand", "true")]);
        Assert.Contains("A detention is recorded for 2 defendants.", dashboard);
        Assert.Matches("<span>Police custody</span>\\s*<span class=\"bar\">\\s*<svg[^>]*>.*?</svg>\\s*<strong>2</strong>", dashboard);
        Assert.Equal(new[] { true, true, false }, await Task.WhenAll(defendants.Select(async d => (await staff.Defendant(d)).Custody is not null)));
    }

    [Fact]
    public async Task A_bulk_form_gone_stale_for_one_defendant_records_for_none_and_shows_what_changed_for_them()
    {
        var (staff, campaign, defendants) = await CampaignOfThree();
        var browser = await new ConsoleClient(app.Host).SignedIn(staff.Key!);
        var form = await browser.Open($"/campaigns/{campaign}/developments?kind=Custody");
        await staff.Post($"/api/defendants/{defendants[1]}/detentions", Detention());
        (string, string)[] remand = [("Input.Everyone", "true"), ("Input.Custody.OccurredOn", "2026-01-22"), ("Input.Custody.Status", "PretrialDetention"),
            ("Input.Custody.Source.Publisher", "JURIST"), ("Input.Custody.Source.PublishedOn", "2026-01-22")];

        var stale = await browser.SendAndStay(form, remand);

        Assert.Matches("<strong>Defendant 2 \\(placeholder\\):</strong>\\s*Detained at Almaty region by Police", stale.Html);
        Assert.Equal("2", stale[$"Input.Versions[{defendants[1]}]"]);
        Assert.Equal("1", stale[$"Input.Versions[{defendants[0]}]"]);
        Assert.Equal(4, await app.EventCount(defendants));

        // A value copied from the store (or an export) is refused beside the field it was typed in, for every defendant.
        var copied = await browser.SendAndStay(stale, [.. remand[..^2], ("Input.Custody.Source.Publisher", $"sealed:v1:{Guid.NewGuid():N}:AAAA"),
            ("Input.Custody.Source.PublishedOn", "2026-01-22"), ("Input.Custody.Source.Kind", "Witness"), ("Input.Custody.Source.Confidential", "true")]);
        Assert.StartsWith("“Published by” looks like a sealed value", ErrorBeside(copied.Html, "Input_Custody_Source_Publisher"));
        Assert.Equal(4, await app.EventCount(defendants));

        await browser.SendAndFollow(stale, remand);
        await using var session = app.Store.QuerySession();
        var remanded = await session.Events.QueryRawEventDataOnly<CustodyStatusChanged>().Where(e => e.CampaignId == campaign).CountAsync();
        Assert.Equal(3, remanded);
    }

    [Fact]
    public async Task An_escalation_names_the_charge_it_replaces_and_is_refused_for_all_when_one_defendant_has_no_such_charge()
    {
        var (staff, campaign, defendants) = await CampaignOfThree();
        await staff.Post($"/api/defendants/{defendants[0]}/charges", Charge());
        var browser = await new ConsoleClient(app.Host).SignedIn(staff.Key!);
        var form = await browser.Open($"/campaigns/{campaign}/developments?kind=Escalation");
        Assert.Contains("<option value=\"Code of Administrative Offences (hooliganism)\">", form.Html);

        var shown = await browser.SendAndStay(form, ("Input.Everyone", "false"), ("Input.DefendantIds", $"{defendants[0]}"), ("Input.DefendantIds", $"{defendants[2]}"),
            ("Input.ReplacesLegalBasis", "Code of Administrative Offences (hooliganism)"), ("Input.Escalation.OccurredOn", "2026-01-22"),
            ("Input.Escalation.Charge.LegalBasis", "Criminal Code Art. 174"), ("Input.Escalation.Charge.Kind", "Criminal"),
            ("Input.Escalation.Charge.Description", "Inciting discord"), ("Input.Escalation.Reason", "A diplomatic note"),
            ("Input.Escalation.Source.FirstHand", "true"));

        Assert.StartsWith("Defendant Defendant 3 (placeholder)", ErrorBeside(shown.Html, "Input_ReplacesLegalBasis"));
        Assert.Equal(ChargeStatus.Pending, (await staff.Defendant(defendants[0])).Charges.Single().Status);
    }

    private async Task<(Api Staff, Guid Campaign, Guid[] Defendants)> CampaignOfThree()
    {
        var staff = await app.As(Role.Staff);
        var campaign = await staff.LaunchCampaign("Bulk case");
        var defendants = new Guid[3];
        for (var i = 0; i < 3; i++) defendants[i] = await staff.RegisterDefendant(campaign, $"Defendant {i + 1} (placeholder)");
        return (staff, campaign, defendants);
    }
}
