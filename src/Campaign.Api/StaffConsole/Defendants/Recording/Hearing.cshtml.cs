using System.ComponentModel.DataAnnotations;
using Campaign.Access;
using Campaign.Defendants.SchedulingHearings;
using Campaign.Infrastructure.Writing;
using Campaign.StaffConsole.Forms;
using Campaign.StaffConsole.SignIn;

namespace Campaign.StaffConsole.Defendants.Recording;

[ConsoleAuthorize(Policies.Write)]
public sealed class HearingModel(Commands commands, Meanwhile meanwhile, ConsoleViews views)
    : DefendantForm<HearingInput>(commands, meanwhile, views)
{
    protected override string Done => "The hearing is recorded.";
    protected override Command Command() => Input.ToCommand() with { DefendantId = DefendantId };
}

/// <summary>A <see cref="ScheduleHearing"/> as the form asks it (also one of the developments of the bulk form, where it is one hearing for all).</summary>
public sealed class HearingInput
{
    [Display(Name = "Day it was announced")] public DateOnly? OccurredOn { get; set; }
    [Display(Name = "Day of the hearing")] public DateOnly? ScheduledFor { get; set; }
    [Display(Name = "What the hearing is for")] public string? Purpose { get; set; }
    [Display(Name = "Court")] public string? Court { get; set; }
    [Display(Name = "City")] public string? City { get; set; }
    public SourceInput Source { get; set; } = new();

    public ScheduleHearing ToCommand() => new(OccurredOn ?? default, ScheduledFor, Court, City ?? "", Purpose ?? "", Source.ToSource());
}
