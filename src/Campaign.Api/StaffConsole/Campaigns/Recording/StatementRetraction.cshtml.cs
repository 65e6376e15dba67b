using Campaign.Access;
using Campaign.Infrastructure.Writing;
using Campaign.StaffConsole.Forms;
using Campaign.StaffConsole.SignIn;
using Microsoft.AspNetCore.Mvc;

namespace Campaign.StaffConsole.Campaigns.Recording;

/// <summary>Retracts a statement recorded on a campaign.</summary>
[ConsoleAuthorize(Policies.Write)]
public sealed class StatementRetractionModel(Commands commands, Meanwhile meanwhile, ConsoleViews views) : RetractionForm(commands, meanwhile, views)
{
    [FromRoute] public Guid CampaignId { get; set; }

    protected override Guid StreamId => CampaignId;

    protected override async Task<IActionResult> Record(CancellationToken ct)
    {
        var written = await Retract(ct);
        return Recorded("The retraction is recorded.", $"/campaigns/{CampaignId}", written.Sequence);
    }
}
