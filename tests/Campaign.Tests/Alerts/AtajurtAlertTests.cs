using Campaign.Alerts;
using Campaign.Alerts.Checking;
using Campaign.Campaigns.RecordingDevelopments;
using Campaign.Defendants;
using Campaign.Defendants.ChangingCustody;
using Campaign.Defendants.SchedulingHearings;
using Campaign.Demo;
using Campaign.Developments;
using Campaign.Partners.Webhooks;
using Campaign.Partners.Webhooks.Subscribing;
using Campaign.Tests.Support;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Alerts;

/// <summary>
/// The Atajurt 19 case with a pre-trial term ordered for one defendant and the day of the Taldykorgan trial announced for
/// all: the alerts fall on the right days, once each, and reach a partner's webhook with nothing confidential.
/// </summary>
[Collection(AlertsCollection.Name)]
public sealed class AtajurtAlertTests(AlertsFixture app) : IAsyncLifetime
{
    private static readonly string[] TermAndHearingAlerts =
        ["org.campaign.hearing-approaching.v1", "org.campaign.custody-term-ending.v1", "org.campaign.custody-term-overdue.v1"];

    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await WebhookReceiver.Start();

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    [Fact]
    public async Task A_pretrial_term_and_the_Taldykorgan_hearing_alert_on_the_right_days_once_and_reach_the_webhook()
    {
        var t0 = app.Today;
        await app.Partner.Post<SubscriptionSecret>("/api/subscriptions",
            new Subscribe(receiver.Url, TermAndHearingAlerts, null, "alerts receiver", (await app.PositionsAfter(0)).LastOrDefault() + 1), 201);
        var (campaign, defendants, _) = await new AtajurtCase(app.Staff.Client(), app.Staff.Json, $"alerts:{Guid.NewGuid()}").Load();
        var remanded = defendants[0];
        var trial = Assert.Single((await app.Staff.Defendant(remanded)).Hearings).HearingId;

        // The court orders two weeks of pre-trial detention (known from a relative, a confidential source) and sets the trial's day.
        await app.Staff.Post($"/api/defendants/{remanded}/custody", Custody(CustodyStatus.PretrialDetention, t0) with
        {
            TermEndsOn = t0.AddDays(12),
            Source = new Source(null, "PLANTED-RELATIVE", t0, Note: "PLANTED-NOTE", Kind: SourceKind.Relative, Confidential: true),
        });
        await app.Staff.Post<object>($"/api/campaigns/{campaign}/developments", new RecordDevelopment(defendants,
            Hearing: AtajurtCase.Trial with { OccurredOn = t0, ScheduledFor = t0.AddDays(10), Court = "Taldykorgan city court", HearingId = trial,
                Source = new Source(null, "JURIST", t0) }));
        await app.Settled();

        // Wolverine keeps a check of each defendant for the first day an alert falls due: 7 days before the trial. (The
        // remanded defendant's may also have one for 7 days before the term's end, from before the trial's day was known:
        // it will find itself stale and do nothing more than what is due then.)
        var scheduled = await app.ScheduledChecks(defendants);
        var first = scheduled.Where(s => s.At == Midnight(t0.AddDays(3))).ToList();
        Assert.Equal(defendants.Order(), first.Select(s => s.Check.DefendantId).Order());
        Assert.All(first, s => Assert.Equal(s.At, s.Check.At));
        Assert.All(scheduled.Except(first), s => Assert.Equal((remanded, Midnight(t0.AddDays(5))), (s.Check.DefendantId, s.At)));

        var raised = new List<string>();
        async Task<List<IAlert>> Day(int n)
        {
            app.MoveTo(t0.AddDays(n));
            await app.RunDueChecks(defendants);
            await app.RunDueChecks(defendants); // nothing runs twice, and a second pass finds nothing new
            var all = (await app.Alerts(defendants)).Select(e => (IAlert)e.Data).Where(a => a is not CaseGoneQuiet).ToList();
            var today = all.Skip(raised.Count).ToList();
            raised.AddRange(today.Select(a => $"{a.DefendantId}:{a.Key}"));
            return today;
        }

        Assert.Empty(await Day(2));
        var week = await Day(3);
        Assert.Equal(19, week.Count);
        Assert.All(week.Cast<HearingApproaching>(), a => Assert.Equal((trial, t0.AddDays(10), 7, 7), (a.HearingId, a.HearingOn, a.DaysAhead, a.LeadDays)));
        Assert.Empty(await Day(4));
        var termWeek = Assert.IsType<CustodyTermEnding>(Assert.Single(await Day(5)));
        Assert.Equal((remanded, t0.AddDays(12), 7), (termWeek.DefendantId, termWeek.TermEndsOn, termWeek.DaysLeft));
        Assert.Equal(SourceKind.Relative, Assert.Single(termWeek.RestsOn).Source.Kind);
        Assert.Equal(19, (await Day(9)).Cast<HearingApproaching>().Count(a => a.DaysAhead == 1));
        Assert.Empty(await Day(10));
        Assert.IsType<CustodyTermEnding>(Assert.Single(await Day(11)));
        Assert.Empty(await Day(12));
        var overdue = Assert.IsType<CustodyTermOverdue>(Assert.Single(await Day(13)));
        Assert.Equal((remanded, t0.AddDays(12)), (overdue.DefendantId, overdue.TermEndedOn));
        Assert.Equal(raised.Distinct(), raised);

        // Raised by the system, and delivered to the partner without the confidential source.
        var alerts = (await app.Alerts(defendants)).Where(e => e.Data is not CaseGoneQuiet).ToList();
        Assert.All(alerts, e => Assert.Equal(SystemUser.Name, e.UserName));
        await app.CaughtUp();
        await Eventually.Holds(() => receiver.Acknowledged().Count >= alerts.Count, TimeSpan.FromSeconds(60), $"{alerts.Count} alerts delivered");
        var delivered = receiver.Acknowledged();
        Assert.Equal(alerts.Select(e => e.Sequence), delivered.Select(r => r.Sequence));
        Assert.Equal(38, delivered.Count(r => r.CloudEvent.GetProperty("type").GetString() == "org.campaign.hearing-approaching.v1"));
        Assert.All(delivered, r => Assert.DoesNotContain("PLANTED", System.Text.Encoding.UTF8.GetString(r.Body)));
    }

    private static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
