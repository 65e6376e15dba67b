using System.ComponentModel.DataAnnotations;
using Campaign.Access;
using Campaign.Defendants.EscalatingCharges;
using Campaign.Infrastructure.Writing;
using Campaign.StaffConsole.Forms;
using Campaign.StaffConsole.SignIn;

namespace Campaign.StaffConsole.Defendants.Recording;

[ConsoleAuthorize(Policies.Write)]
public sealed class EscalationModel(Commands commands, Meanwhile meanwhile, ConsoleViews views)
    : DefendantForm<EscalationInput>(commands, meanwhile, views)
{
    protected override string Done => "The escalation is recorded.";

    protected override Command Command() => Input.ToCommand() with { DefendantId = DefendantId, ChargeId = Input.ChargeId ?? Guid.Empty };
}

/// <summary>An <see cref="EscalateCharge"/> as the form asks it (also one of the developments of the bulk form, without the charge picked).</summary>
public sealed class EscalationInput
{
    [Display(Name = "The charge it replaces")] public Guid? ChargeId { get; set; }
    [Display(Name = "Day of the escalation")] public DateOnly? OccurredOn { get; set; }
    public ChargeDetailsInput Charge { get; set; } = new();
    [Display(Name = "Why, as far as is known")] public string? Reason { get; set; }
    public SourceInput Source { get; set; } = new();

    public EscalateCharge ToCommand() => new(OccurredOn ?? default, Charge.ToDetails(), Reason ?? "", Source.ToSource());
}
