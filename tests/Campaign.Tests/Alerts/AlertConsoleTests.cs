using Campaign.Access;
using Campaign.Defendants;
using Campaign.Defendants.ChangingCustody;
using Campaign.Defendants.ExtendingCustodyTerms;
using Campaign.Defendants.SchedulingHearings;
using Campaign.Tests.Console;
using Campaign.Tests.Support;
using static Campaign.Tests.Console.FormPage;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Alerts;

/// <summary>The console's term, extension and attention pages, through the real pipeline.</summary>
[Collection(AlertsCollection.Name)]
public sealed class AlertConsoleTests(AlertsFixture app)
{
    private readonly DateOnly t0 = app.Today;

    private (string, string)[] Jurist => [("Input.Source.Publisher", "JURIST"), ("Input.Source.PublishedOn", $"{t0:yyyy-MM-dd}")];

    [Fact]
    public async Task A_term_is_recorded_with_the_custody_then_extended_from_the_defendant_s_page()
    {
        var campaign = await app.Staff.LaunchCampaign();
        var defendant = await app.Staff.RegisterDefendant(campaign);
        var browser = await new ConsoleClient(app.Host).SignedIn(app.Staff.Key!);

        var custody = await browser.Open($"/defendants/{defendant}/custody");
        Assert.Contains("<label for=\"Input_TermEndsOn\">Until", custody.Html);
        var page = await browser.SendAndFollow(custody, [("Input.OccurredOn", $"{t0:yyyy-MM-dd}"), ("Input.Status", "PretrialDetention"),
            ("Input.TermEndsOn", $"{t0.AddDays(60):yyyy-MM-dd}"), .. Jurist]);
        Assert.Contains("The change of custody is recorded.", page);
        Assert.Contains($"<strong>{Campaign.StaffConsole.Words.Day(t0.AddDays(60))}</strong>: The custody term ends", page);
        Assert.Contains($"/defendants/{defendant}/custody/extension", page);

        var extension = await browser.Open($"/defendants/{defendant}/custody/extension");
        var refused = await browser.SendAndStay(extension, [("Input.OccurredOn", $"{t0:yyyy-MM-dd}"), ("Input.TermEndsOn", $"{t0.AddDays(30):yyyy-MM-dd}"), .. Jurist]);
        Assert.Contains("already runs until", ErrorBeside(refused.Html, "Input_TermEndsOn"));
        var extended = await browser.SendAndFollow(refused, [("Input.OccurredOn", $"{t0:yyyy-MM-dd}"), ("Input.TermEndsOn", $"{t0.AddDays(90):yyyy-MM-dd}"), .. Jurist]);

        Assert.Contains("The extension of the custody term is recorded.", extended);
        var view = await app.Staff.Defendant(defendant);
        Assert.Equal(t0.AddDays(90), view.Term!.EndsOn);
        Assert.Contains(view.Timeline, t => t.Development == nameof(CustodyTermExtended));
        Assert.Equal(t0.AddDays(60), ((CustodyTermExtended)await LastData(defendant)).PreviousTermEndsOn);
    }

    [Fact]
    public async Task The_attention_page_lists_this_week_in_the_readers_campaigns_and_is_in_the_navigation()
    {
        app.MoveTo(t0);
        var campaign = await app.Staff.LaunchCampaign("Attention campaign");
        var defendant = await app.Staff.RegisterDefendant(campaign, "Summoned (placeholder)");
        await app.Staff.Post($"/api/defendants/{defendant}/hearings",
            new ScheduleHearing(t0, t0.AddDays(4), null, "Taldykorgan", "Opening of the trial", Report));
        var browser = await new ConsoleClient(app.Host).SignedIn(app.Staff.Key!);

        Assert.Contains("<a href=\"/attention\">This week</a>", await browser.Page("/campaigns"));
        var page = await browser.Page("/attention");
        Assert.Contains($"<a href=\"/defendants/{defendant}\">Summoned (placeholder)</a>", page);
        Assert.Contains("Opening of the trial in Taldykorgan", page);
        Assert.DoesNotContain("Summoned (placeholder)", await browser.Page($"/attention?from={t0.AddDays(5):yyyy-MM-dd}&to={t0.AddDays(8):yyyy-MM-dd}"));

        var outsider = await app.As(Role.Staff, $"outsider-{Guid.NewGuid():N}@alerts.test");
        var theirs = await new ConsoleClient(app.Host).SignedIn(outsider.Key!);
        Assert.DoesNotContain("Summoned (placeholder)", await theirs.Page("/attention"));
    }

    private async Task<object> LastData(Guid defendant)
    {
        await using var session = app.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(defendant);
        return events.Last(e => e.Data is CustodyTermExtended).Data;
    }
}
