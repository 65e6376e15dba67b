using System.ComponentModel.DataAnnotations;
using Campaign.Access;
using Campaign.Defendants.DroppingCharges;
using Campaign.Infrastructure.Writing;
using Campaign.StaffConsole.Forms;
using Campaign.StaffConsole.SignIn;

namespace Campaign.StaffConsole.Defendants.Recording;

[ConsoleAuthorize(Policies.Write)]
public sealed class DroppedChargeModel(Commands commands, Meanwhile meanwhile, ConsoleViews views)
    : DefendantForm<DroppedChargeInput>(commands, meanwhile, views)
{
    protected override string Done => "The dropped charge is recorded.";

    protected override Command Command() => Input.ToCommand() with { DefendantId = DefendantId, ChargeId = Input.ChargeId ?? Guid.Empty };
}

/// <summary>A <see cref="DropCharge"/> as the form asks it.</summary>
public sealed class DroppedChargeInput
{
    [Display(Name = "The charge dropped")] public Guid? ChargeId { get; set; }
    [Display(Name = "Day it was dropped")] public DateOnly? OccurredOn { get; set; }
    [Display(Name = "Why, as far as is known")] public string? Reason { get; set; }
    public SourceInput Source { get; set; } = new();

    public DropCharge ToCommand() => new(OccurredOn ?? default, Reason, Source.ToSource());
}
