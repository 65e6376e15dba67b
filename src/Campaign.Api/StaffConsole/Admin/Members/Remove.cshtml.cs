using Campaign.Access;
using Campaign.Access.Members;
using Campaign.Access.Members.ListingMembers;
using Campaign.Access.Members.RemovingMembers;
using Campaign.Campaigns;
using Campaign.StaffConsole.SignIn;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.StaffConsole.Admin.Members;

/// <summary>Removes a member through the API's own slice, once the administrator has confirmed it.</summary>
[ConsoleAuthorize(Policies.Administer)]
public sealed class RemoveModel(IDocumentSession session, AccessChanges changes) : PageModel
{
    [FromRoute] public Guid CampaignId { get; set; }
    [BindProperty(SupportsGet = true)] public string Member { get; set; } = "";

    public string CampaignName { get; private set; } = "";
    public Membership Membership { get; private set; } = null!;

    public async Task<IActionResult> OnGet(CancellationToken ct)
    {
        if ((await ListMembersEndpoint.Get(CampaignId, session, ct)).FirstOrDefault(m => m.Member == Member) is not { } membership) return NotFound();
        Membership = membership;
        CampaignName = (await session.LoadAsync<CampaignView>(CampaignId, ct))?.Name ?? "this campaign";
        return Page();
    }

    public async Task<IActionResult> OnPost(CancellationToken ct)
    {
        await RemoveMemberEndpoint.Remove(CampaignId, Member, session, changes, ct);
        return LocalRedirect($"/admin/campaigns/{CampaignId}/members?removed={Uri.EscapeDataString(Member)}");
    }
}
