using Campaign.Confidentiality;
using FluentValidation;

namespace Campaign.Defendants;

public enum ChargeKind { Administrative, Criminal }

public enum ChargeStatus { Pending, Replaced, Dropped, Convicted, Acquitted }

public enum VerdictOutcome { Convicted, Acquitted }

/// <summary>What a defendant is accused of, e.g. Criminal Code Art. 174, "inciting ethnic or national discord", up to 10 years.</summary>
public sealed record ChargeDetails(
    [property: Public] string LegalBasis,
    [property: Public] ChargeKind Kind,
    [property: Public] string Description,
    [property: Public] string? MaximumPenalty)
{
    public sealed class Validator : AbstractValidator<ChargeDetails>
    {
        public Validator()
        {
            RuleFor(c => c.LegalBasis).NotEmpty().MaximumLength(200);
            RuleFor(c => c.Kind).IsInEnum();
            RuleFor(c => c.Description).NotEmpty().MaximumLength(1000);
            RuleFor(c => c.MaximumPenalty).MaximumLength(200);
        }
    }
}

public sealed record ChargeOutcome(
    [property: Public] Guid EventId,
    [property: Public] DateOnly On,
    [property: Public] string? Note);

public sealed record ChargeRuling(
    [property: Public] Guid EventId,
    [property: Public] DateOnly On,
    [property: Public] VerdictOutcome Outcome,
    [property: Public] string? Sentence);

/// <summary>One charge and what became of it. Escalated charges stay, marked as replaced.</summary>
public sealed class Charge
{
    [Public] public Guid ChargeId { get; set; }
    [Public] public Guid EventId { get; set; }
    [Public] public required ChargeDetails Details { get; set; }
    [Public] public DateOnly FiledOn { get; set; }
    [Public] public Guid? Replaces { get; set; }
    [Public] public string? EscalationReason { get; set; }
    [Public] public Guid? ReplacedBy { get; set; }
    [Public] public ChargeOutcome? Dropped { get; set; }
    [Public] public ChargeRuling? Verdict { get; set; }

    [Public] public ChargeStatus Status =>
        Dropped is not null ? ChargeStatus.Dropped
        : ReplacedBy is not null ? ChargeStatus.Replaced
        : Verdict?.Outcome switch
        {
            VerdictOutcome.Convicted => ChargeStatus.Convicted,
            VerdictOutcome.Acquitted => ChargeStatus.Acquitted,
            _ => ChargeStatus.Pending,
        };

    /// <summary>Still held against the defendant: pending, or a conviction.</summary>
    [Public] public bool IsCurrent => Status is ChargeStatus.Pending or ChargeStatus.Convicted;
}

/// <summary>Every charge a defendant has faced, in the order filed, with what became of each.</summary>
public static class ChargeSheet
{
    public static Charge? Find(this List<Charge> charges, Guid chargeId) => charges.Find(c => c.ChargeId == chargeId);

    public static void File(this List<Charge> charges, Charge charge)
    {
        if (charge.Replaces is { } replaced && charges.Find(replaced) is { } old) old.ReplacedBy = charge.ChargeId;
        charges.Add(charge);
    }

    public static void Retract(this List<Charge> charges, Guid eventId)
    {
        charges.RemoveAll(c => c.EventId == eventId);
        foreach (var charge in charges)
        {
            if (charge.ReplacedBy is { } by && charges.Find(by) is null) charge.ReplacedBy = null;
            if (charge.Dropped?.EventId == eventId) charge.Dropped = null;
            if (charge.Verdict?.EventId == eventId) charge.Verdict = null;
        }
    }
}
