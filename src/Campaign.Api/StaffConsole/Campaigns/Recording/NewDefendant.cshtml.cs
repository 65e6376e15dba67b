using System.ComponentModel.DataAnnotations;
using Campaign.Access;
using Campaign.Defendants.Registering;
using Campaign.Infrastructure.Writing;
using Campaign.StaffConsole.Forms;
using Campaign.StaffConsole.SignIn;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace Campaign.StaffConsole.Campaigns.Recording;

[ConsoleAuthorize(Policies.Write)]
public sealed class NewDefendantModel(Commands commands, Meanwhile meanwhile, IQuerySession session)
    : CampaignForm<NewDefendantInput>(commands, meanwhile, session)
{
    /// <summary>A defendant starts a stream of their own: there is no version to be stale.</summary>
    protected override async Task<bool> Load(CancellationToken ct)
    {
        var found = await base.Load(ct);
        Version = null;
        return found;
    }

    protected override async Task<IActionResult> Record(CancellationToken ct)
    {
        var written = await Send<WriteResult>(Input.ToCommand() with { CampaignId = CampaignId }, ct);
        return Recorded($"{Input.DisplayName!.Trim()} is added to {CampaignName}.", $"/defendants/{written.Id}");
    }
}

/// <summary>A <see cref="RegisterDefendant"/> as the form asks it.</summary>
public sealed class NewDefendantInput
{
    [Display(Name = "Name used in public")] public string? DisplayName { get; set; }
    [Display(Name = "Legal name")] public string? LegalName { get; set; }

    public RegisterDefendant ToCommand() => new(DisplayName ?? "", LegalName);
}
