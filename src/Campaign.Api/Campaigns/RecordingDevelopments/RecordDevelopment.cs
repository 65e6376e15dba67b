using Campaign.Access;
using Campaign.Defendants;
using Campaign.Defendants.ChangingCustody;
using Campaign.Defendants.EscalatingCharges;
using Campaign.Defendants.FilingCharges;
using Campaign.Defendants.RecordingDetention;
using Campaign.Defendants.SchedulingHearings;
using Campaign.Infrastructure.Writing;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Campaign.Campaigns.RecordingDevelopments;

/// <summary>
/// One development that befell several defendants at once (the 19 were detained on the same day),
/// recorded for all of them in one transaction, or for none. Exactly one development is given.
/// </summary>
/// <param name="ReplacesLegalBasis">With an escalation: the legal basis of each defendant's pending charge it replaces.</param>
/// <param name="ExpectedVersions">Optionally, the version each defendant's stream is expected to be at.</param>
public sealed record RecordDevelopment(
    IReadOnlyList<Guid> DefendantIds,
    RecordDetention? Detention = null,
    FileCharge? Charge = null,
    EscalateCharge? Escalation = null,
    string? ReplacesLegalBasis = null,
    ChangeCustody? Custody = null,
    ScheduleHearing? Hearing = null,
    IReadOnlyDictionary<Guid, long>? ExpectedVersions = null)
{
    private IVersionedCommand?[] Developments => [Detention, Charge, Escalation, Custody, Hearing];

    public sealed class Validator : AbstractValidator<RecordDevelopment>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(c => c.DefendantIds).NotEmpty()
                .Must(ids => ids.Distinct().Count() == ids.Count).WithMessage("'{PropertyName}' must not repeat a defendant.")
                .Must(ids => ids.Count <= 500).WithMessage("'{PropertyName}' may name at most 500 defendants.");
            RuleForEach(c => c.DefendantIds).NotEmpty();
            RuleFor(c => c.ExpectedVersions).Must((c, versions) => versions!.Keys.All(c.DefendantIds.Contains))
                .When(c => c.ExpectedVersions is not null && c.DefendantIds is not null)
                .WithMessage("'{PropertyName}' may only name defendants the development is for.");
            RuleFor(c => c).Must(c => c.Developments.Count(d => d is not null) == 1).OverridePropertyName("development")
                .WithMessage("Give exactly one of detention, charge, escalation, custody or hearing.");
            RuleFor(c => c).Must(c => c.Developments.All(d => d?.ExpectedVersion is null)).OverridePropertyName("expectedVersions")
                .WithMessage("Versions of the defendants' streams go in expectedVersions, by defendant id.");
            RuleFor(c => c.Detention).SetValidator(new RecordDetention.Validator(clock)!);
            RuleFor(c => c.Charge).SetValidator(new FileCharge.Validator(clock)!);
            RuleFor(c => c.Escalation).SetValidator(new EscalateCharge.Validator(clock)!);
            RuleFor(c => c.ReplacesLegalBasis).NotEmpty().When(c => c.Escalation is not null)
                .WithMessage("An escalation names the legal basis of the charge it replaces.");
            RuleFor(c => c.Custody).SetValidator(new ChangeCustody.Validator(clock)!);
            RuleFor(c => c.Hearing).SetValidator(new ScheduleHearing.Validator(clock)!);
        }
    }
}

public static class RecordDevelopmentEndpoint
{
    public static IEnumerable<object> Decide(RecordDevelopment command, DefendantView defendant) => command switch
    {
        { Detention: { } detention } => RecordDetentionEndpoint.Decide(detention, defendant),
        { Charge: { } charge } => FileChargeEndpoint.Decide(charge, defendant),
        { Escalation: { } escalation } => EscalateChargeEndpoint.Decide(
            ChargeUnder(command.ReplacesLegalBasis!, defendant), escalation, defendant),
        { Custody: { } custody } => ChangeCustodyHandler.Handle(custody, new Defendant { Id = defendant.Id, CampaignId = defendant.CampaignId }),
        { Hearing: { } hearing } => ScheduleHearingEndpoint.Decide(hearing, defendant),
        _ => throw new InvalidOperationException("The validator lets exactly one development through."),
    };

    private static Guid ChargeUnder(string legalBasis, DefendantView defendant)
    {
        var pending = defendant.Charges.Where(c => c.Status == ChargeStatus.Pending &&
            string.Equals(c.Details.LegalBasis.Trim(), legalBasis.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        return pending.Count == 1
            ? pending[0].ChargeId
            : throw new InvalidReference("replacesLegalBasis",
                $"Defendant {defendant.DisplayName} ({defendant.Id}) has {pending.Count} pending charges under {legalBasis}, not one.");
    }

    [WolverinePost("/api/campaigns/{id}/developments", OperationId = "RecordDevelopment"), Authorize(Policy = Policies.Write)]
    public static async Task<BulkWriteResult> Post(Guid id, RecordDevelopment command, DefendantStreams defendants, CancellationToken ct)
    {
        // Defendants tried together share one hearing.
        var shared = command.Hearing is { HearingId: null } hearing
            ? command with { Hearing = hearing with { HearingId = Guid.CreateVersion7() } }
            : command;
        var written = await defendants.AppendToEach(id, command, command.DefendantIds, command.ExpectedVersions,
            defendant => Decide(shared, defendant), ct);
        return new BulkWriteResult(id, written, written.Max(s => s.Sequence));
    }
}
