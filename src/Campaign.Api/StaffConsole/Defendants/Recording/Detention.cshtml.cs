using System.ComponentModel.DataAnnotations;
using Campaign.Access;
using Campaign.Defendants;
using Campaign.Defendants.RecordingDetention;
using Campaign.Infrastructure.Writing;
using Campaign.StaffConsole.Forms;
using Campaign.StaffConsole.SignIn;

namespace Campaign.StaffConsole.Defendants.Recording;

[ConsoleAuthorize(Policies.Write)]
public sealed class DetentionModel(Commands commands, Meanwhile meanwhile, ConsoleViews views)
    : DefendantForm<DetentionInput>(commands, meanwhile, views)
{
    protected override string Done => "The detention is recorded.";
    protected override Command Command() => Input.ToCommand() with { DefendantId = DefendantId };
}

/// <summary>A <see cref="RecordDetention"/> as the form asks it (also one of the developments of the bulk form).</summary>
public sealed class DetentionInput
{
    [Display(Name = "Day of the detention")] public DateOnly? OccurredOn { get; set; }
    [Display(Name = "Where")] public string? Place { get; set; }
    [Display(Name = "By whom")] public string? Authority { get; set; }
    [Display(Name = "Held in")] public CustodyStatus? Custody { get; set; }
    public SourceInput Source { get; set; } = new();

    /// <summary>The custody a detention may leave someone in.</summary>
    public static IEnumerable<CustodyStatus> Holding =>
        Enum.GetValues<CustodyStatus>().Where(s => s is not (CustodyStatus.Released or CustodyStatus.ReleasedWithConditions));

    public RecordDetention ToCommand() =>
        new(OccurredOn ?? default, Place ?? "", Authority, Source.ToSource(), Custody ?? CustodyStatus.PoliceCustody);
}
