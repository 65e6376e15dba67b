using System.ComponentModel.DataAnnotations;
using Campaign.Access;
using Campaign.Defendants;
using Campaign.Defendants.DeliveringVerdicts;
using Campaign.Infrastructure.Writing;
using Campaign.StaffConsole.Forms;
using Campaign.StaffConsole.SignIn;

namespace Campaign.StaffConsole.Defendants.Recording;

[ConsoleAuthorize(Policies.Write)]
public sealed class VerdictModel(Commands commands, Meanwhile meanwhile, ConsoleViews views)
    : DefendantForm<VerdictInput>(commands, meanwhile, views)
{
    protected override string Done => "The verdict is recorded.";

    /// <summary>A verdict usually rules on every pending charge: all are ticked when the form opens.</summary>
    protected override void Prefill() => Input.ChargeIds = PendingCharges.Select(c => c.ChargeId).ToList();

    protected override Command Command() => Input.ToCommand() with { DefendantId = DefendantId };
}

/// <summary>A <see cref="DeliverVerdict"/> as the form asks it.</summary>
public sealed class VerdictInput
{
    [Display(Name = "Day of the verdict")] public DateOnly? OccurredOn { get; set; }
    [Display(Name = "Charges ruled on")] public List<Guid> ChargeIds { get; set; } = [];
    [Display(Name = "Outcome")] public VerdictOutcome? Outcome { get; set; }
    [Display(Name = "Sentence")] public string? Sentence { get; set; }
    [Display(Name = "Court")] public string? Court { get; set; }
    public SourceInput Source { get; set; } = new();

    public DeliverVerdict ToCommand() => new(OccurredOn ?? default, Outcome, Sentence, Court, Source.ToSource(), ChargeIds);
}
