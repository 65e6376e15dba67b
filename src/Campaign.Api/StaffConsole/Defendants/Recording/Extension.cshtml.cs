using System.ComponentModel.DataAnnotations;
using Campaign.Access;
using Campaign.Defendants.ExtendingCustodyTerms;
using Campaign.Infrastructure.Writing;
using Campaign.StaffConsole.Forms;
using Campaign.StaffConsole.SignIn;

namespace Campaign.StaffConsole.Defendants.Recording;

[ConsoleAuthorize(Policies.Write)]
public sealed class ExtensionModel(Commands commands, Meanwhile meanwhile, ConsoleViews views)
    : DefendantForm<ExtensionInput>(commands, meanwhile, views)
{
    protected override string Done => "The extension of the custody term is recorded.";
    protected override Command Command() => Input.ToCommand() with { DefendantId = DefendantId };
}

/// <summary>An <see cref="ExtendCustodyTerm"/> as the form asks it.</summary>
public sealed class ExtensionInput
{
    [Display(Name = "Day it was extended")] public DateOnly? OccurredOn { get; set; }
    [Display(Name = "Now until")] public DateOnly? TermEndsOn { get; set; }
    public SourceInput Source { get; set; } = new();

    public ExtendCustodyTerm ToCommand() => new(OccurredOn ?? default, TermEndsOn, Source.ToSource());
}
