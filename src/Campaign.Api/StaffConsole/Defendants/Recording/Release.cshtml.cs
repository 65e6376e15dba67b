using System.ComponentModel.DataAnnotations;
using Campaign.Access;
using Campaign.Defendants.Releasing;
using Campaign.Infrastructure.Writing;
using Campaign.StaffConsole.Forms;
using Campaign.StaffConsole.SignIn;

namespace Campaign.StaffConsole.Defendants.Recording;

[ConsoleAuthorize(Policies.Write)]
public sealed class ReleaseModel(Commands commands, Meanwhile meanwhile, ConsoleViews views)
    : DefendantForm<ReleaseInput>(commands, meanwhile, views)
{
    protected override string Done => "The release is recorded.";
    protected override Command Command() => Input.ToCommand() with { DefendantId = DefendantId };
}

/// <summary>A <see cref="Release"/> as the form asks it.</summary>
public sealed class ReleaseInput
{
    [Display(Name = "Day of the release")] public DateOnly? OccurredOn { get; set; }
    [Display(Name = "Conditions")] public string? Conditions { get; set; }
    public SourceInput Source { get; set; } = new();

    public Release ToCommand() => new(OccurredOn ?? default, Conditions, Source.ToSource());
}
