using Campaign.Access;
using Campaign.Alerts;
using Campaign.Alerts.Attention;
using Campaign.Alerts.Checking;
using Campaign.Alerts.Settings;
using Campaign.Defendants;
using Campaign.Defendants.ChangingCustody;
using Campaign.Defendants.ExtendingCustodyTerms;
using Campaign.Defendants.SchedulingHearings;
using Campaign.Retracting;
using Campaign.Infrastructure.Writing;
using Campaign.Tests.Support;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Alerts;

[Collection(AlertsCollection.Name)]
public sealed class AlertTests(AlertsFixture app)
{
    private readonly DateOnly t0 = app.Today; // the clock moves: the test's first day stays
    private DateOnly T0 => t0;

    private static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private async Task<(Guid Campaign, Guid Defendant)> Defendant(Api? staff = null)
    {
        staff ??= app.Staff;
        app.MoveTo(T0);
        var campaign = await staff.LaunchCampaign();
        // Cases are not expected to go quiet within these tests: their checks wait for hearings and terms only.
        await staff.Post($"/api/campaigns/{campaign}/alert-settings", new ChangeAlertSettings([7, 1], [7, 1], 90));
        return (campaign, await staff.RegisterDefendant(campaign));
    }

    private Task<WriteResult> Hearing(Guid defendant, DateOnly on) => app.Staff.Post($"/api/defendants/{defendant}/hearings",
        new ScheduleHearing(T0, on, null, "Taldykorgan", "Opening of the trial", Report));

    [Fact]
    public async Task A_scheduled_check_survives_a_restart()
    {
        var (_, defendant) = await Defendant();
        await Hearing(defendant, T0.AddDays(8));
        await app.Settled();
        var before = Assert.Single(await app.ScheduledChecks([defendant]));

        await app.Restart();

        var after = Assert.Single(await app.ScheduledChecks([defendant]));
        Assert.Equal((before.At, before.Check), (after.At, after.Check));
        app.MoveTo(T0.AddDays(1));
        Assert.Equal(1, await app.RunDueChecks([defendant]));
        Assert.Single(await app.Alerts([defendant]));
    }

    [Fact]
    public async Task Wolverine_runs_a_stored_check_when_its_time_comes_on_the_real_clock()
    {
        var (_, defendant) = await Defendant();
        await Hearing(defendant, T0.AddDays(8));
        await app.Settled();
        var pending = Assert.Single(await app.ScheduledChecks([defendant]));
        await app.Host.Services.GetRequiredService<Wolverine.Runtime.IWolverineRuntime>().Storage.Inbox.MarkIncomingEnvelopeAsHandledAsync(pending.Envelope);

        // The service's day has come; on the real clock, the same check is stored to run in a second.
        app.MoveTo(T0.AddDays(1));
        using (var scope = app.Host.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<Wolverine.IMessageBus>().ScheduleAsync(pending.Check, DateTimeOffset.UtcNow.AddSeconds(1));

        await Eventually.Holds(async () => (await app.Alerts([defendant])).Count == 1, TimeSpan.FromSeconds(60), "Wolverine to run the check");
        Assert.Equal(Midnight(T0.AddDays(7)), Assert.Single(await app.ScheduledChecks([defendant])).At);
    }

    [Fact]
    public async Task A_check_run_twice_at_once_raises_one_alert_and_schedules_one_next_check()
    {
        var (_, defendant) = await Defendant();
        await Hearing(defendant, T0.AddDays(8));
        await app.Settled();
        var pending = Assert.Single(await app.ScheduledChecks([defendant]));
        Assert.Equal(Midnight(T0.AddDays(1)), pending.At);
        await app.Host.Services.GetRequiredService<Wolverine.Runtime.IWolverineRuntime>().Storage.Inbox.MarkIncomingEnvelopeAsHandledAsync(pending.Envelope);

        app.MoveTo(T0.AddDays(1));
        await Task.WhenAll(app.Handle(pending.Check), app.Handle(pending.Check)); // a retry, or two nodes, at the same moment

        var alert = Assert.Single(await app.Alerts([defendant]));
        Assert.Equal(7, ((HearingApproaching)alert.Data).LeadDays);
        Assert.Equal(Midnight(T0.AddDays(7)), Assert.Single(await app.ScheduledChecks([defendant])).At);
    }

    [Fact]
    public async Task Housekeeping_sends_again_the_checks_that_were_lost_or_never_sent()
    {
        var (campaign, lostCheck) = await Defendant();
        var neverChecked = await app.Staff.RegisterDefendant(campaign, "Recorded before alerts (placeholder)");
        await Hearing(lostCheck, T0.AddDays(20));
        await Hearing(neverChecked, T0.AddDays(20));
        await app.Settled();
        var storage = app.Host.Services.GetRequiredService<Wolverine.Runtime.IWolverineRuntime>().Storage;
        foreach (var (_, _, envelope) in await app.ScheduledChecks([lostCheck, neverChecked]))
            await storage.Inbox.MarkIncomingEnvelopeAsHandledAsync(envelope); // set aside, as after failing for good
        await using (var session = app.Store.LightweightSession())
        {
            session.Delete<DeadlineCheck>(neverChecked); // as written by a version without alerts
            await session.SaveChangesAsync();
        }

        app.MoveTo(T0.AddDays(14)); // the lost check was due the day before
        await app.Host.Services.GetRequiredService<Campaign.Infrastructure.Housekeeping>().Sweep(default);
        await app.Settled();

        Assert.Equal(2, (await app.Alerts([lostCheck, neverChecked])).Count(e => e.Data is HearingApproaching { DaysAhead: 6, LeadDays: 7 }));
        Assert.Equal([Midnight(T0.AddDays(19)), Midnight(T0.AddDays(19))], (await app.ScheduledChecks([lostCheck, neverChecked])).Select(s => s.At));
    }

    [Fact]
    public async Task A_retraction_leaves_the_pending_check_nothing_to_raise()
    {
        var (_, defendant) = await Defendant();
        await Hearing(defendant, T0.AddDays(3));
        await app.Settled();
        Assert.Single(await app.Alerts([defendant])); // 3 days ahead: at once
        Assert.Equal(Midnight(T0.AddDays(2)), Assert.Single(await app.ScheduledChecks([defendant])).At);
        var scheduledBy = Assert.Single((await app.Staff.Defendant(defendant)).Deadlines).RestsOn[0].EventId;

        await app.Staff.Post($"/api/streams/{defendant}/retractions", new RetractDevelopment(scheduledBy, "Wrong defendant"));
        app.MoveTo(T0.AddDays(2));
        Assert.Equal(1, await app.RunDueChecks([defendant]));

        Assert.Single(await app.Alerts([defendant]));
        Assert.Empty((await app.Staff.Defendant(defendant)).Deadlines);
        Assert.Empty(await app.ScheduledChecks([defendant]));
    }

    [Fact]
    public async Task New_alert_settings_move_the_pending_checks()
    {
        var (campaign, defendant) = await Defendant();
        await Hearing(defendant, T0.AddDays(20));
        await app.Settled();
        Assert.Equal(Midnight(T0.AddDays(13)), Assert.Single(await app.ScheduledChecks([defendant])).At);

        await app.Staff.Post($"/api/campaigns/{campaign}/alert-settings", new ChangeAlertSettings([3], [10, 2], 60));
        await app.Settled();

        var settings = await app.Staff.Get<AlertSettings>($"/api/campaigns/{campaign}/alert-settings");
        Assert.Equal([3], settings.HearingDaysAhead);
        Assert.Equal([10, 2], settings.TermDaysAhead);
        Assert.Equal(60, settings.QuietAfterDays);
        Assert.Contains(Midnight(T0.AddDays(17)), (await app.ScheduledChecks([defendant])).Select(s => s.At));
        app.MoveTo(T0.AddDays(13));
        await app.RunDueChecks([defendant]);
        Assert.Empty(await app.Alerts([defendant]));
        app.MoveTo(T0.AddDays(17));
        await app.RunDueChecks([defendant]);
        Assert.Equal(3, ((HearingApproaching)Assert.Single(await app.Alerts([defendant])).Data).LeadDays);
    }

    [Fact]
    public async Task Alert_settings_are_checked_and_kept_to_the_campaign_s_staff()
    {
        var (campaign, _) = await Defendant();
        var problem = await app.Staff.Reject($"/api/campaigns/{campaign}/alert-settings", new ChangeAlertSettings([7, 7], [0], null));
        Assert.Equal(["hearingDaysAhead", "quietAfterDays", "termDaysAhead"], problem.Errors.Keys.Order());

        var outsider = await app.As(Role.Staff, $"outsider-{Guid.NewGuid():N}@alerts.test");
        await outsider.Reject($"/api/campaigns/{campaign}/alert-settings", new ChangeAlertSettings([3], [3], 30), 403);
        await (await app.As(Role.Admin, $"admin-{Guid.NewGuid():N}@alerts.test")).Reject($"/api/campaigns/{Guid.NewGuid()}/alert-settings",
            new ChangeAlertSettings([3], [3], 30), 404);
    }

    [Fact]
    public async Task A_term_is_extended_as_a_sourced_development_and_the_pending_check_follows_it()
    {
        var (_, defendant) = await Defendant();
        var url = $"/api/defendants/{defendant}/custody/extensions";
        await app.Staff.Reject(url, new ExtendCustodyTerm(T0, T0.AddDays(30), Report), 409); // no term yet
        await app.Staff.Post($"/api/defendants/{defendant}/custody", Custody(CustodyStatus.PretrialDetention, T0) with { TermEndsOn = T0.AddDays(10) });
        var earlier = await app.Staff.Reject(url, new ExtendCustodyTerm(T0, T0.AddDays(9), Report));
        Assert.Contains("termEndsOn", earlier.Errors.Keys);
        var unsourced = await app.Staff.Reject(url, new ExtendCustodyTerm(T0, T0.AddDays(40), null));
        Assert.Contains("source", unsourced.Errors.Keys);
        await app.Settled();
        Assert.Equal(Midnight(T0.AddDays(3)), Assert.Single(await app.ScheduledChecks([defendant])).At);

        await app.Staff.Post(url, new ExtendCustodyTerm(T0, T0.AddDays(40), Report));
        await app.Settled();

        var view = await app.Staff.Defendant(defendant);
        var deadline = Assert.Single(view.Deadlines);
        Assert.Equal((DeadlineKind.CustodyTermEnds, T0.AddDays(40), 2), (deadline.Kind, deadline.On, deadline.RestsOn.Count));
        Assert.Contains(view.Timeline, t => t.Development == nameof(CustodyTermExtended));
        Assert.Contains(Midnight(T0.AddDays(33)), (await app.ScheduledChecks([defendant])).Select(s => s.At));
        app.MoveTo(T0.AddDays(11));
        await app.RunDueChecks([defendant]);
        Assert.Empty(await app.Alerts([defendant])); // the old term's day: nothing overdue
    }

    [Fact]
    public async Task The_attention_list_shows_this_week_in_the_campaigns_the_caller_may_read()
    {
        var (campaign, defendant) = await Defendant();
        await Hearing(defendant, T0.AddDays(2));
        var later = await app.Staff.RegisterDefendant(campaign, "Later (placeholder)");
        await Hearing(later, T0.AddDays(9));
        await app.Staff.Post($"/api/defendants/{later}/custody", Custody(CustodyStatus.PretrialDetention, T0) with { TermEndsOn = T0.AddDays(5) });

        var week = await app.Staff.Get<AttentionList>("/api/attention");
        Assert.Equal((T0, T0.AddDays(6)), (week.From, week.To));
        var mine = week.Items.Where(i => i.CampaignId == campaign).ToList();
        Assert.Equal([(AttentionKind.HearingApproaching, defendant, T0.AddDays(2)), (AttentionKind.CustodyTermEnding, later, T0.AddDays(5))],
            mine.Select(i => (i.Kind, i.DefendantId, i.On)));
        var fortnight = await app.Staff.Get<AttentionList>($"/api/attention?from={T0:yyyy-MM-dd}&to={T0.AddDays(13):yyyy-MM-dd}");
        Assert.Contains(fortnight.Items, i => i.DefendantId == later && i.Kind == AttentionKind.HearingApproaching);

        var outsider = await app.As(Role.Staff, $"outsider-{Guid.NewGuid():N}@alerts.test");
        Assert.DoesNotContain((await outsider.Get<AttentionList>("/api/attention")).Items, i => i.CampaignId == campaign);
        var backwards = await app.Staff.Get<ValidationProblemDetails>($"/api/attention?from={T0:yyyy-MM-dd}&to={T0.AddDays(-1):yyyy-MM-dd}", 400);
        Assert.Equal(["to"], backwards.Errors.Keys);
        await app.Staff.Get<object>("/api/attention?from=someday", 400);
    }
}
