using System.Text.Json.Serialization;
using Campaign.Defendants;
using Campaign.Defendants.ChangingCustody;
using Campaign.Defendants.DeliveringVerdicts;
using Campaign.Defendants.DroppingCharges;
using Campaign.Defendants.EscalatingCharges;
using Campaign.Defendants.FilingCharges;
using Campaign.Defendants.RecordingDetention;
using Campaign.Defendants.Registering;
using Campaign.Defendants.Releasing;
using Campaign.Defendants.SchedulingHearings;
using Campaign.Infrastructure.Writing;
using FluentValidation;

namespace Campaign.Campaigns.ImportingDevelopments;

/// <summary>
/// The developments of a spreadsheet, recorded in one transaction or not at all: the defendants it names that are new are
/// registered first, then each row is decided in the sheet's order on its defendant's case as the rows before it left it.
/// A file is imported once into a campaign, recognised by its SHA-256.
/// </summary>
public sealed record ImportDevelopments(string FileSha256, string? FileName, IReadOnlyList<ImportedRow> Rows) : Command, IBulkCommand
{
    public const int MaxRows = 5000;

    [JsonIgnore] public Guid CampaignId { get; init; }

    public sealed class Validator : AbstractValidator<ImportDevelopments>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(c => c.FileSha256).Matches("^[0-9a-f]{64}$").WithMessage("'{PropertyName}' is the file's SHA-256 in lowercase hex.");
            RuleFor(c => c.FileName).MaximumLength(300);
            RuleFor(c => c.Rows).NotEmpty().Must(rows => rows.Count <= MaxRows).WithMessage($"A sheet has at most {MaxRows} rows.");
            // Every row's errors, not only the first failing row's (rules stop at their first failure: see ValidationConventions).
            RuleForEach(c => c.Rows).Cascade(CascadeMode.Continue).SetValidator(new ImportedRow.Validator(clock));
        }
    }
}

/// <summary>
/// One row of a sheet: its defendant (an existing one, or one to register) and the one development that befell them,
/// as the API's own command for it. <paramref name="ChargeLegalBasis"/> names the pending charge an escalation replaces,
/// that is dropped, or (optionally) that a verdict rules on.
/// </summary>
public sealed record ImportedRow(
    int Row,
    Guid? DefendantId,
    RegisterDefendant? NewDefendant = null,
    RecordDetention? Detention = null,
    FileCharge? Charge = null,
    EscalateCharge? Escalation = null,
    ChangeCustody? Custody = null,
    ScheduleHearing? Hearing = null,
    DeliverVerdict? Verdict = null,
    Release? Release = null,
    DropCharge? Dropped = null,
    string? ChargeLegalBasis = null)
{
    /// <summary>The field of the row's development, as its validator's errors name it.</summary>
    [JsonIgnore] public string Property => this switch
    {
        { Detention: not null } => "detention",
        { Charge: not null } => "charge",
        { Escalation: not null } => "escalation",
        { Custody: not null } => "custody",
        { Hearing: not null } => "hearing",
        { Verdict: not null } => "verdict",
        { Release: not null } => "release",
        { Dropped: not null } => "dropped",
        _ => "development",
    };

    private object?[] Developments => [Detention, Charge, Escalation, Custody, Hearing, Verdict, Release, Dropped];

    public sealed class Validator : AbstractValidator<ImportedRow>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(r => r).Must(r => r.DefendantId is null != r.NewDefendant is null).OverridePropertyName("defendant")
                .WithMessage("A row names one defendant: an existing one, or one to register.");
            RuleFor(r => r.NewDefendant).SetValidator(new RegisterDefendant.Validator()!);
            RuleFor(r => r).Must(r => r.Developments.Count(d => d is not null) == 1).OverridePropertyName("development")
                .WithMessage("A row records exactly one development.");
            RuleFor(r => r.Detention).SetValidator(new RecordDetention.Validator(clock)!);
            RuleFor(r => r.Charge).SetValidator(new FileCharge.Validator(clock)!);
            RuleFor(r => r.Escalation).SetValidator(new EscalateCharge.Validator(clock)!);
            RuleFor(r => r.Custody).SetValidator(new ChangeCustody.Validator(clock)!);
            RuleFor(r => r.Hearing).SetValidator(new ScheduleHearing.Validator(clock)!);
            RuleFor(r => r.Verdict).SetValidator(new DeliverVerdict.Validator(clock)!);
            RuleFor(r => r.Release).SetValidator(new Release.Validator(clock)!);
            RuleFor(r => r.Dropped).SetValidator(new DropCharge.Validator(clock)!);
            RuleFor(r => r.ChargeLegalBasis).NotEmpty().When(r => r.Escalation is not null || r.Dropped is not null)
                .WithMessage("Name the legal basis of the pending charge it acts on.");
            RuleFor(r => r.ChargeLegalBasis).MaximumLength(200);
        }
    }

    /// <summary>The events of this row's development, decided on the defendant's write model as the rows before it left it.</summary>
    public IEnumerable<object> Decide(Defendant defendant, Guid? sharedHearing) => this switch
    {
        { Detention: { } detention } => RecordDetentionHandler.Handle(detention, defendant),
        { Charge: { } charge } => FileChargeHandler.Handle(charge, defendant),
        { Escalation: { } escalation } => EscalateChargeHandler.Handle(escalation with { ChargeId = ActsOn(defendant) }, defendant),
        { Custody: { } custody } => ChangeCustodyHandler.Handle(custody, defendant),
        { Hearing: { } hearing } => ScheduleHearingHandler.Handle(hearing with { HearingId = sharedHearing }, defendant),
        { Verdict: { } verdict } => DeliverVerdictHandler.Handle(
            ChargeLegalBasis is null ? verdict : verdict with { ChargeIds = [ActsOn(defendant)] }, defendant),
        { Release: { } release } => ReleaseHandler.Handle(release, defendant),
        { Dropped: { } dropped } => DropChargeHandler.Handle(dropped with { ChargeId = ActsOn(defendant) }, defendant),
        _ => throw new InvalidOperationException("The validator lets exactly one development through."),
    };

    /// <summary>Rows scheduling the same hearing (day, court, city, purpose) for several defendants share it, as the bulk form's do.</summary>
    [JsonIgnore] public object? HearingKey => Hearing is { } h ? (h.ScheduledFor, h.Court?.Trim(), h.City.Trim(), h.Purpose.Trim()) : null;

    private Guid ActsOn(Defendant defendant) =>
        Campaigns.RecordingDevelopments.RecordDevelopmentHandler.ChargeUnder(ChargeLegalBasis!, defendant, "chargeLegalBasis");
}
