using Campaign.Access;
using Campaign.Auditing.History;
using Campaign.Campaigns.Launching;
using Campaign.StaffConsole.SignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.StaffConsole.Campaigns;

[ConsoleAuthorize(Policies.Read)]
public sealed class HistoryModel(ConsoleViews views) : PageModel
{
    [FromRoute] public Guid CampaignId { get; set; }
    public string Name { get; private set; } = "";
    public IReadOnlyList<HistoryEntry> Entries { get; private set; } = [];

    public async Task<IActionResult> OnGet(CancellationToken ct)
    {
        Entries = await views.History(CampaignId, null, ct);
        if (Entries.FirstOrDefault()?.Data is not CampaignLaunched launched) return NotFound();
        Name = launched.Name;
        return Page();
    }
}
