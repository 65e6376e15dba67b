using Campaign.Alerts;
using Campaign.Alerts.Settings;
using Campaign.Defendants;
using Campaign.Defendants.ChangingCustody;
using Campaign.Defendants.ExtendingCustodyTerms;
using Campaign.Defendants.Releasing;
using Campaign.Defendants.SchedulingHearings;
using Campaign.Infrastructure.Writing;
using Campaign.Retracting;
using Campaign.Tests.Support;
using JasperFx.Events;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Alerts;

/// <summary>Which alerts the facts make due on a day, and when the next check falls, decided on the write model alone.</summary>
public sealed class DueAlertsTests
{
    private static readonly DateOnly Mar1 = new(2026, 3, 1);
    private readonly DefendantCase @case = new();
    private AlertSettings settings = AlertSettings.Default with { QuietAfterDays = 90 };

    private IEvent Hearing(DateOnly on, DateOnly? recordedOn = null) => @case.Record(d =>
        ScheduleHearingHandler.Handle(new ScheduleHearing(recordedOn ?? Mar1, on, "Taldykorgan city court", "Taldykorgan", "Opening of the trial", Report), d));

    private IEvent Remand(DateOnly until) => @case.Record(d =>
        ChangeCustodyHandler.Handle(Custody(CustodyStatus.PretrialDetention, Mar1) with { TermEndsOn = until }, d));

    private IEvent Extend(DateOnly until, DateOnly on) => @case.Record(d =>
        ExtendCustodyTermHandler.Handle(new ExtendCustodyTerm(on, until, Report), d));

    private IEvent Retract(IEvent e) => @case.Record(_ => RetractDevelopmentHandler.Decide(
        new RetractDevelopment(e.Id, "Recorded in error") { StreamId = @case.Defendant.Id }, e, @case.Defendant));

    /// <summary>What a check on that day raises, folded into the stream as the write path would.</summary>
    private List<IAlert> Check(DateOnly today)
    {
        var alerts = DueAlerts.On(@case.Defendant, settings, today).ToList();
        foreach (var alert in alerts) @case.Fold(alert);
        return alerts;
    }

    private DateOnly? Next(DateOnly today) => DueAlerts.NextOn(@case.Defendant, settings, today);

    [Fact]
    public void A_hearing_alerts_7_days_and_1_day_ahead_once_each()
    {
        var scheduled = Hearing(new DateOnly(2026, 3, 20));

        Assert.Empty(Check(new DateOnly(2026, 3, 12)));
        Assert.Equal(new DateOnly(2026, 3, 13), Next(new DateOnly(2026, 3, 12)));
        var week = Assert.IsType<HearingApproaching>(Assert.Single(Check(new DateOnly(2026, 3, 13))));
        Assert.Equal((7, 7, scheduled.Id), (week.DaysAhead, week.LeadDays, Assert.Single(week.RestsOn).EventId));
        Assert.Empty(Check(new DateOnly(2026, 3, 13)));
        Assert.Empty(Check(new DateOnly(2026, 3, 15)));
        Assert.Equal(new DateOnly(2026, 3, 19), Next(new DateOnly(2026, 3, 15)));
        var day = Assert.IsType<HearingApproaching>(Assert.Single(Check(new DateOnly(2026, 3, 19))));
        Assert.Equal((1, 1), (day.DaysAhead, day.LeadDays));
        Assert.Empty(Check(new DateOnly(2026, 3, 20)));
    }

    [Fact]
    public void A_hearing_recorded_3_days_ahead_alerts_at_once_then_the_day_before()
    {
        Hearing(new DateOnly(2026, 3, 4));

        var late = Assert.IsType<HearingApproaching>(Assert.Single(Check(Mar1)));
        Assert.Equal((3, 7), (late.DaysAhead, late.LeadDays));
        Assert.Equal(new DateOnly(2026, 3, 3), Next(Mar1));
    }

    [Fact]
    public void A_moved_hearing_is_a_new_deadline_and_a_hearing_without_a_day_is_none()
    {
        var hearing = Hearing(new DateOnly(2026, 3, 5));
        Assert.Single(Check(Mar1));
        var id = ((HearingScheduled)hearing.Data).HearingId;

        @case.Record(d => ScheduleHearingHandler.Handle(new ScheduleHearing(Mar1, new DateOnly(2026, 3, 6), null, "Taldykorgan", "Opening of the trial",
            Report, id), d));
        Assert.Equal(new DateOnly(2026, 3, 6), ((HearingApproaching)Assert.Single(Check(Mar1))).HearingOn);

        @case.Record(d => ScheduleHearingHandler.Handle(new ScheduleHearing(Mar1, null, null, "Taldykorgan", "Opening of the trial", Report, id), d));
        Assert.Empty(@case.Defendant.Hearings);
        Assert.Empty(@case.View.Deadlines);
    }

    [Fact]
    public void A_term_alerts_before_it_ends_and_once_overdue_when_nothing_follows()
    {
        var remand = Remand(new DateOnly(2026, 3, 31));

        Assert.Equal(new DateOnly(2026, 3, 24), Next(Mar1));
        var ending = Assert.IsType<CustodyTermEnding>(Assert.Single(Check(new DateOnly(2026, 3, 24))));
        Assert.Equal((7, remand.Id), (ending.DaysLeft, Assert.Single(ending.RestsOn).EventId));
        Assert.Single(Check(new DateOnly(2026, 3, 30)));
        Assert.Equal(new DateOnly(2026, 4, 1), Next(new DateOnly(2026, 3, 30)));
        var overdue = Assert.IsType<CustodyTermOverdue>(Assert.Single(Check(new DateOnly(2026, 4, 1))));
        Assert.Equal(new DateOnly(2026, 3, 31), overdue.TermEndedOn);
        Assert.Empty(Check(new DateOnly(2026, 4, 2)));
    }

    [Fact]
    public void An_extension_moves_the_term_and_its_retraction_brings_the_old_one_back()
    {
        Remand(new DateOnly(2026, 3, 31));
        var extension = Extend(new DateOnly(2026, 5, 31), new DateOnly(2026, 3, 20));

        Assert.Empty(Check(new DateOnly(2026, 4, 1)));
        Assert.Equal(new DateOnly(2026, 5, 31), Assert.Single(@case.View.Deadlines).On);
        Assert.Equal(2, @case.Defendant.Term!.RestsOn.Count);

        Retract(extension);
        Assert.IsType<CustodyTermOverdue>(Assert.Single(Check(new DateOnly(2026, 4, 1))));
    }

    [Fact]
    public void A_retracted_hearing_or_term_leaves_nothing_due()
    {
        var hearing = Hearing(new DateOnly(2026, 3, 5));
        var remand = Remand(new DateOnly(2026, 3, 6));
        Retract(hearing);
        Retract(remand);

        Assert.Empty(Check(new DateOnly(2026, 3, 4)));
        Assert.Null(Next(new DateOnly(2026, 3, 4)));
    }

    [Fact]
    public void A_release_ends_the_term_and_an_extension_without_a_term_is_refused()
    {
        Remand(new DateOnly(2026, 3, 31));
        @case.Record(d => ReleaseHandler.Handle(new Release(new DateOnly(2026, 3, 10), "Travel ban", Report), d));

        Assert.Null(@case.Defendant.Term);
        Assert.DoesNotContain(Check(new DateOnly(2026, 4, 1)), a => a is CustodyTermOverdue);
        Assert.Throws<StateConflict>(() => Extend(new DateOnly(2026, 5, 31), new DateOnly(2026, 3, 20)));
    }

    [Fact]
    public void A_case_goes_quiet_once_per_last_development_and_alerts_do_not_count_as_news()
    {
        settings = AlertSettings.Default;
        var hearing = Hearing(new DateOnly(2026, 3, 4));
        Assert.Single(Check(Mar1)); // the hearing, 3 days ahead: an alert, not a development

        Assert.Equal(new DateOnly(2026, 3, 22), Next(new DateOnly(2026, 3, 21)));
        var quiet = Assert.IsType<CaseGoneQuiet>(Assert.Single(Check(new DateOnly(2026, 3, 22))));
        Assert.Equal((Mar1, 21, hearing.Id), (quiet.LastDevelopmentOn, quiet.QuietDays, Assert.Single(quiet.RestsOn).EventId));
        Assert.Empty(Check(new DateOnly(2026, 4, 30)));

        @case.Record(d => ChangeCustodyHandler.Handle(Custody(CustodyStatus.HouseArrest, new DateOnly(2026, 5, 1)), d));
        Assert.Equal(new DateOnly(2026, 5, 22), Next(new DateOnly(2026, 5, 1)));
    }
}
