using System.ComponentModel.DataAnnotations;
using Campaign.Access;
using Campaign.Campaigns.Launching;
using Campaign.Infrastructure.Writing;
using Campaign.StaffConsole.Forms;
using Campaign.StaffConsole.SignIn;
using Microsoft.AspNetCore.Mvc;

namespace Campaign.StaffConsole.Campaigns.Recording;

/// <summary>A new campaign; a member of staff who launches it becomes its member.</summary>
[ConsoleAuthorize(Policies.Launch)]
public sealed class LaunchModel(Commands commands, Meanwhile meanwhile) : FormPage<LaunchInput>(commands, meanwhile)
{
    protected override Task<bool> Load(CancellationToken ct) => Task.FromResult(true);

    protected override async Task<IActionResult> Record(CancellationToken ct)
    {
        var written = await Send<WriteResult>(Input.ToCommand(), ct);
        return Recorded("The campaign is launched.", $"/campaigns/{written.Id}", written.Sequence);
    }
}

/// <summary>A <see cref="LaunchCampaign"/> as the form asks it.</summary>
public sealed class LaunchInput
{
    [Display(Name = "Name of the campaign")] public string? Name { get; set; }
    [Display(Name = "Country")] public string? Country { get; set; }
    [Display(Name = "Region")] public string? Region { get; set; }
    [Display(Name = "Summary")] public string? Summary { get; set; }

    public LaunchCampaign ToCommand() => new(Name ?? "", Country ?? "", Region, Summary);
}
