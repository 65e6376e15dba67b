using System.ComponentModel.DataAnnotations;
using Campaign.Access;
using Campaign.Defendants;
using Campaign.Defendants.ChangingCustody;
using Campaign.Infrastructure.Writing;
using Campaign.StaffConsole.Forms;
using Campaign.StaffConsole.SignIn;

namespace Campaign.StaffConsole.Defendants.Recording;

[ConsoleAuthorize(Policies.Write)]
public sealed class CustodyModel(Commands commands, Meanwhile meanwhile, ConsoleViews views)
    : DefendantForm<CustodyInput>(commands, meanwhile, views)
{
    protected override string Done => "The change of custody is recorded.";
    protected override Command Command() => Input.ToCommand() with { DefendantId = DefendantId };
}

/// <summary>A <see cref="ChangeCustody"/> as the form asks it (also one of the developments of the bulk form).</summary>
public sealed class CustodyInput
{
    [Display(Name = "Day it took effect")] public DateOnly? OccurredOn { get; set; }
    [Display(Name = "Now held in")] public CustodyStatus? Status { get; set; }
    [Display(Name = "Where")] public string? Place { get; set; }
    [Display(Name = "Conditions")] public string? Conditions { get; set; }
    [Display(Name = "Until")] public DateOnly? TermEndsOn { get; set; }
    public SourceInput Source { get; set; } = new();

    public ChangeCustody ToCommand() => new(OccurredOn ?? default, Status, Place, Conditions, Source.ToSource(), TermEndsOn: TermEndsOn);
}
