using Campaign.Defendants;
using Campaign.Defendants.ChangingCustody;
using Campaign.Defendants.DeliveringVerdicts;
using Campaign.Defendants.DroppingCharges;
using Campaign.Defendants.EscalatingCharges;
using Campaign.Defendants.FilingCharges;
using Campaign.Defendants.RecordingDetention;
using Campaign.Defendants.Releasing;
using Campaign.Defendants.SchedulingHearings;
using Campaign.Retracting;
using Campaign.Tests.Support;
using JasperFx.Events;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Unit;

public sealed class DefendantFoldTests
{
    private readonly DefendantCase @case = new();

    private IEvent Detain() => @case.Record(d => RecordDetentionHandler.Handle(Detention(), d));
    private IEvent ChargeWith(ChargeDetails details) => @case.Record(d => FileChargeHandler.Handle(Charge(details), d));
    private IEvent ChangeCustody(CustodyStatus status, DateOnly on) => @case.Record(d => ChangeCustodyHandler.Handle(Custody(status, on), d));
    private IEvent Escalate(Guid chargeId) =>
        @case.Record(d => EscalateChargeHandler.Handle(new EscalateCharge(Jan22, Article174, "Diplomatic note", Report) with { ChargeId = chargeId }, d));
    private IEvent Retract(IEvent e) =>
        @case.Record(_ => RetractDevelopmentHandler.Decide(new RetractDevelopment(e.Id, "Recorded in error") { StreamId = @case.Defendant.Id },
            e, @case.Defendant));

    [Fact]
    public void A_detention_puts_the_defendant_in_custody_from_that_day()
    {
        Detain();

        Assert.Equal(CustodyStatus.PoliceCustody, @case.View.Custody!.Status);
        Assert.Equal(Nov13, @case.View.Custody.Since);
        Assert.Equal(Nov13, Assert.Single(@case.View.Detentions).On);
        Assert.Equal(2, @case.View.Version);
    }

    [Fact]
    public void Custody_is_the_latest_by_the_day_it_took_effect_not_by_when_it_was_recorded()
    {
        Detain();
        ChangeCustody(CustodyStatus.PretrialDetention, Jan22);
        ChangeCustody(CustodyStatus.AdministrativeDetention, Nov13.AddDays(1)); // learnt late

        Assert.Equal(CustodyStatus.PretrialDetention, @case.View.Custody!.Status);
        Assert.Equal([CustodyStatus.PoliceCustody, CustodyStatus.AdministrativeDetention, CustodyStatus.PretrialDetention],
            @case.View.CustodyHistory.Select(s => s.Status));
        Assert.Equal(@case.View.Timeline.Select(t => t.OccurredOn).Order(), @case.View.Timeline.Select(t => t.OccurredOn));
    }

    [Fact]
    public void An_escalation_replaces_the_charge_and_keeps_it_in_the_history()
    {
        ChargeWith(Hooliganism);
        var administrative = @case.OnlyCurrentCharge;

        Escalate(administrative.ChargeId);

        var criminal = @case.OnlyCurrentCharge;
        Assert.Equal(Article174, criminal.Details);
        Assert.Equal(administrative.ChargeId, criminal.Replaces);
        Assert.Equal("Diplomatic note", criminal.EscalationReason);
        Assert.Equal(ChargeStatus.Replaced, @case.View.Charges.Find(administrative.ChargeId)!.Status);
    }

    [Fact]
    public void Dropped_charges_are_no_longer_current()
    {
        ChargeWith(Hooliganism);
        var charge = @case.OnlyCurrentCharge;

        @case.Record(d => DropChargeHandler.Handle(new DropCharge(Jan22, "Insufficient evidence", Report) with { ChargeId = charge.ChargeId }, d));

        Assert.Equal(ChargeStatus.Dropped, charge.Status);
        Assert.Equal("Insufficient evidence", charge.Dropped!.Note);
        Assert.DoesNotContain(@case.View.Charges, c => c.IsCurrent);
    }

    [Fact]
    public void A_verdict_rules_on_the_charges_it_names_and_a_conviction_stays_current()
    {
        ChargeWith(Hooliganism);
        ChargeWith(Article174);
        var article174 = @case.View.Charges[1];

        @case.Record(d => DeliverVerdictHandler.Handle(
            new DeliverVerdict(Jan22, VerdictOutcome.Convicted, "5 years", "Taldykorgan court", Report, [article174.ChargeId]), d));

        Assert.Equal(ChargeStatus.Convicted, article174.Status);
        Assert.True(article174.IsCurrent);
        Assert.Equal(ChargeStatus.Pending, @case.View.Charges[0].Status);
        var verdict = Assert.Single(@case.View.Verdicts);
        Assert.Equal("5 years", verdict.Sentence);
        Assert.Equal([article174.ChargeId], verdict.ChargeIds);
    }

    [Fact]
    public void A_release_with_conditions_is_told_apart_from_an_unconditional_one()
    {
        Detain();

        @case.Record(d => ReleaseHandler.Handle(new Release(Jan22, "Travel ban", Report), d));

        Assert.Equal(CustodyStatus.ReleasedWithConditions, @case.View.Custody!.Status);
        Assert.Equal("Travel ban", @case.View.Custody.Conditions);
    }

    [Fact]
    public void A_hearing_is_listed_with_its_court_and_city()
    {
        @case.Record(d => ScheduleHearingHandler.Handle(
            new ScheduleHearing(Jan22, new DateOnly(2026, 2, 2), "City court", "Taldykorgan", "Trial", Report), d));

        var hearing = Assert.Single(@case.View.Hearings);
        Assert.Equal(("Taldykorgan", "City court", new DateOnly(2026, 2, 2)), (hearing.City, hearing.Court, hearing.ScheduledFor!.Value));
    }

    [Fact]
    public void Retracting_a_custody_change_restores_the_custody_before_it_and_drops_it_from_the_timeline()
    {
        Detain();
        var mistaken = ChangeCustody(CustodyStatus.HouseArrest, Jan22);

        Retract(mistaken);

        Assert.Equal(CustodyStatus.PoliceCustody, @case.View.Custody!.Status);
        Assert.DoesNotContain(@case.View.Timeline, t => t.EventId == mistaken.Id);
        var retraction = Assert.Single(@case.View.Retractions);
        Assert.Equal((mistaken.Id, nameof(CustodyStatusChanged), "Recorded in error"),
            (retraction.RetractedEventId, retraction.Development, retraction.Reason));
    }

    [Fact]
    public void Retracting_an_escalation_makes_the_replaced_charge_current_again()
    {
        ChargeWith(Hooliganism);
        var administrative = @case.OnlyCurrentCharge;
        var escalation = Escalate(administrative.ChargeId);

        Retract(escalation);

        Assert.Same(administrative, @case.OnlyCurrentCharge);
        Assert.Null(administrative.ReplacedBy);
        Assert.Single(@case.View.Charges);
    }

    [Fact]
    public void Retracting_a_dropping_makes_the_charge_pending_again()
    {
        ChargeWith(Hooliganism);
        var charge = @case.OnlyCurrentCharge;
        var dropping = @case.Record(d => DropChargeHandler.Handle(new DropCharge(Jan22, null, Report) with { ChargeId = charge.ChargeId }, d));

        Retract(dropping);

        Assert.Equal(ChargeStatus.Pending, charge.Status);
    }

    [Fact]
    public void The_timeline_says_what_happened_when_how_we_know_and_who_recorded_it()
    {
        var detention = Detain();

        var entry = Assert.Single(@case.View.Timeline);
        Assert.Equal((detention.Id, nameof(DetentionRecorded), Nov13), (entry.EventId, entry.Development, entry.OccurredOn));
        Assert.Equal(Report, entry.Source);
        Assert.Equal("staff@example.org", entry.RecordedBy);
        Assert.Contains("Almaty region", entry.Summary);
    }
}
