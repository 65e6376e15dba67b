using Campaign.Campaigns.RecordingDevelopments;
using Campaign.Defendants;
using Campaign.Defendants.DeliveringVerdicts;
using Campaign.Defendants.DroppingCharges;
using Campaign.Defendants.EscalatingCharges;
using Campaign.Defendants.FilingCharges;
using Campaign.Defendants.RecordingDetention;
using Campaign.Defendants.Releasing;
using Campaign.Defendants.SchedulingHearings;
using Campaign.Infrastructure.Writing;
using Campaign.Retracting;
using Campaign.Tests.Support;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Unit;

public sealed class DecideTests
{
    private readonly DefendantCase @case = new();

    private Guid FileHooliganism()
    {
        @case.Record(d => FileChargeHandler.Handle(Charge(Hooliganism), d));
        return @case.OnlyCurrentCharge.ChargeId;
    }

    private static EscalateCharge Escalation(DateOnly? on = null) => new(on ?? Jan22, Article174, "Diplomatic note", Report);

    [Fact]
    public void Escalating_a_charge_the_defendant_does_not_face_names_the_charge()
    {
        var error = Assert.Throws<InvalidReference>(() => EscalateChargeHandler.Handle(Escalation() with { ChargeId = Guid.NewGuid() }, @case.Defendant));
        Assert.Equal("chargeId", error.Field);
    }

    [Fact]
    public void Escalating_a_charge_already_replaced_conflicts()
    {
        var charge = FileHooliganism();
        @case.Record(d => EscalateChargeHandler.Handle(Escalation() with { ChargeId = charge }, d));

        Assert.Throws<StateConflict>(() => EscalateChargeHandler.Handle(Escalation() with { ChargeId = charge }, @case.Defendant));
    }

    [Fact]
    public void An_escalation_cannot_predate_the_charge_it_replaces()
    {
        var charge = FileHooliganism();

        var error = Assert.Throws<InvalidReference>(() => EscalateChargeHandler.Handle(Escalation(Nov13.AddDays(-1)) with { ChargeId = charge }, @case.Defendant));
        Assert.Equal("occurredOn", error.Field);
    }

    [Fact]
    public void Dropping_a_dropped_charge_conflicts()
    {
        var charge = FileHooliganism();
        @case.Record(d => DropChargeHandler.Handle(new DropCharge(Jan22, null, Report) with { ChargeId = charge }, d));

        Assert.Throws<StateConflict>(() => DropChargeHandler.Handle(new DropCharge(Jan22, null, Report) with { ChargeId = charge }, @case.Defendant));
    }

    [Fact]
    public void A_verdict_with_no_pending_charge_conflicts()
    {
        var verdict = new DeliverVerdict(Jan22, VerdictOutcome.Acquitted, null, null, Report);

        Assert.Throws<StateConflict>(() => DeliverVerdictHandler.Handle(verdict, @case.Defendant));
    }

    [Fact]
    public void A_verdict_without_named_charges_rules_on_every_pending_charge()
    {
        var first = FileHooliganism();
        @case.Record(d => FileChargeHandler.Handle(Charge(Article174), d));
        var second = @case.View.Charges[1].ChargeId;

        var verdict = (VerdictDelivered)Assert.Single(
            DeliverVerdictHandler.Handle(new DeliverVerdict(Jan22, VerdictOutcome.Convicted, "2 years", null, Report), @case.Defendant));

        Assert.Equal([first, second], verdict.ChargeIds);
    }

    [Fact]
    public void A_verdict_on_an_unknown_charge_names_the_field()
    {
        FileHooliganism();
        var verdict = new DeliverVerdict(Jan22, VerdictOutcome.Convicted, null, null, Report, [Guid.NewGuid()]);

        Assert.Equal("chargeIds", Assert.Throws<InvalidReference>(() => DeliverVerdictHandler.Handle(verdict, @case.Defendant)).Field);
    }

    [Fact]
    public void Only_someone_held_can_be_released()
    {
        var release = new Release(Jan22, null, Report);
        Assert.Throws<StateConflict>(() => ReleaseHandler.Handle(release, @case.Defendant));

        @case.Record(d => RecordDetentionHandler.Handle(Detention(), d));
        @case.Record(d => ReleaseHandler.Handle(release, d));
        Assert.Throws<StateConflict>(() => ReleaseHandler.Handle(release, @case.Defendant));
    }

    [Fact]
    public void A_joint_hearing_keeps_the_hearing_id_it_is_given()
    {
        var hearingId = Guid.NewGuid();
        var scheduled = (HearingScheduled)Assert.Single(ScheduleHearingHandler.Handle(
            new ScheduleHearing(Jan22, null, null, "Taldykorgan", "Trial", Report, hearingId), @case.Defendant));

        Assert.Equal(hearingId, scheduled.HearingId);
    }

    [Fact]
    public void A_bulk_escalation_finds_each_defendants_charge_by_its_legal_basis()
    {
        var charge = FileHooliganism();
        var bulk = new RecordDevelopment([@case.View.Id], Escalation: Escalation(), ReplacesLegalBasis: " code of administrative offences (HOOLIGANISM) ");

        var escalated = (ChargeEscalated)Assert.Single(RecordDevelopmentHandler.Decide(bulk, @case.Defendant));

        Assert.Equal(charge, escalated.ReplacedChargeId);
    }

    [Fact]
    public void A_bulk_escalation_for_a_defendant_without_that_charge_names_the_field()
    {
        var bulk = new RecordDevelopment([@case.View.Id], Escalation: Escalation(), ReplacesLegalBasis: "Criminal Code Art. 1");

        Assert.Equal("replacesLegalBasis", Assert.Throws<InvalidReference>(() => RecordDevelopmentHandler.Decide(bulk, @case.Defendant)).Field);
    }

    [Fact]
    public void Only_developments_of_the_stream_can_be_retracted()
    {
        var registration = @case.History[0];

        Assert.Equal("eventId", Assert.Throws<InvalidReference>(() => Retraction(Guid.NewGuid())).Field);
        Assert.Equal("eventId", Assert.Throws<InvalidReference>(() => Retraction(registration.Id)).Field);
    }

    [Fact]
    public void A_retraction_cannot_be_retracted_and_a_development_is_retracted_once()
    {
        var detention = @case.Record(d => RecordDetentionHandler.Handle(Detention(), d));
        var retraction = @case.Record(_ => Retraction(detention.Id));

        Assert.Throws<StateConflict>(() => Retraction(detention.Id));
        Assert.Throws<InvalidReference>(() => Retraction(retraction.Id));
    }

    [Fact]
    public void A_charge_cannot_be_retracted_while_later_developments_act_on_it()
    {
        var charge = FileHooliganism();
        var filing = @case.History[^1];
        var escalation = @case.Record(d => EscalateChargeHandler.Handle(Escalation() with { ChargeId = charge }, d));

        Assert.Throws<StateConflict>(() => Retraction(filing.Id));

        @case.Record(_ => Retraction(escalation.Id));
        var retracted = (DevelopmentRetracted)Assert.Single(Retraction(filing.Id));
        Assert.Equal((filing.Id, nameof(ChargeFiled), @case.View.CampaignId), (retracted.RetractedEventId, retracted.RetractedEventType, retracted.CampaignId));
    }

    private IEnumerable<object> Retraction(Guid eventId) =>
        RetractDevelopmentHandler.Decide(new RetractDevelopment(eventId, "Recorded in error") { StreamId = @case.Defendant.Id },
            @case.History.Find(e => e.Id == eventId), @case.Defendant).ToList();
}
