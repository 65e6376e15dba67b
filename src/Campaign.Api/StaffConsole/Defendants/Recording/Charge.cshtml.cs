using System.ComponentModel.DataAnnotations;
using Campaign.Access;
using Campaign.Defendants;
using Campaign.Defendants.FilingCharges;
using Campaign.Infrastructure.Writing;
using Campaign.StaffConsole.Forms;
using Campaign.StaffConsole.SignIn;

namespace Campaign.StaffConsole.Defendants.Recording;

[ConsoleAuthorize(Policies.Write)]
public sealed class ChargeModel(Commands commands, Meanwhile meanwhile, ConsoleViews views)
    : DefendantForm<ChargeInput>(commands, meanwhile, views)
{
    protected override string Done => "The charge is recorded.";
    protected override Command Command() => Input.ToCommand() with { DefendantId = DefendantId };
}

/// <summary>A <see cref="FileCharge"/> as the form asks it (also one of the developments of the bulk form).</summary>
public sealed class ChargeInput
{
    [Display(Name = "Day the charge was filed")] public DateOnly? OccurredOn { get; set; }
    public ChargeDetailsInput Charge { get; set; } = new();
    public SourceInput Source { get; set; } = new();

    public FileCharge ToCommand() => new(OccurredOn ?? default, Charge.ToDetails(), Source.ToSource());
}

/// <summary>What someone is accused of, as a form asks it.</summary>
public sealed class ChargeDetailsInput
{
    [Display(Name = "Legal basis")] public string? LegalBasis { get; set; }
    [Display(Name = "Kind of charge")] public ChargeKind? Kind { get; set; }
    [Display(Name = "What they are accused of")] public string? Description { get; set; }
    [Display(Name = "Maximum penalty")] public string? MaximumPenalty { get; set; }

    public ChargeDetails ToDetails() => new(LegalBasis ?? "", Kind ?? ChargeKind.Administrative, Description ?? "", MaximumPenalty);
}
