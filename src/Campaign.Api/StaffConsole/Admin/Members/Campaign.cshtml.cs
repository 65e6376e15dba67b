using System.ComponentModel.DataAnnotations;
using Campaign.Access;
using Campaign.Access.Members;
using Campaign.Access.Members.AddingMembers;
using Campaign.Access.Members.ListingMembers;
using Campaign.Campaigns;
using Campaign.StaffConsole.Forms;
using Campaign.StaffConsole.SignIn;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.StaffConsole.Admin.Members;

/// <summary>A campaign's members, listed and added through the API's own slices and validator.</summary>
[ConsoleAuthorize(Policies.Administer)]
public sealed class CampaignModel(IDocumentSession session, IValidator<AddMember> validator, TimeProvider clock, AccessChanges changes)
    : PageModel
{
    [FromRoute] public Guid CampaignId { get; set; }

    [BindProperty, Display(Name = "Name of the person to add")] public string? Member { get; set; }

    /// <summary>Who was just added or removed, to say so.</summary>
    [FromQuery] public string? Added { get; set; }
    [FromQuery] public string? Removed { get; set; }

    public string CampaignName { get; private set; } = "";
    public IReadOnlyList<Membership> Members { get; private set; } = [];

    public async Task<IActionResult> OnGet(CancellationToken ct) => await Load(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPost(CancellationToken ct)
    {
        ModelState.RefuseUnstorableText(Request.Form);
        var command = new AddMember(Member ?? "");
        if (!await ModelState.Validate(validator, command, GetType(), ct)) return await Load(ct) ? Page() : NotFound();
        await AddMemberEndpoint.Add(CampaignId, command, session, User, clock, changes, ct);
        return LocalRedirect($"/admin/campaigns/{CampaignId}/members?added={Uri.EscapeDataString(command.Member.Trim())}");
    }

    /// <summary>The members, and the campaign's name (its view may lag a moment behind a campaign just launched); false when there is no such campaign.</summary>
    private async Task<bool> Load(CancellationToken ct)
    {
        if (await session.LoadAsync<CampaignState>(CampaignId, ct) is null) return false;
        CampaignName = (await session.LoadAsync<CampaignView>(CampaignId, ct))?.Name ?? "this campaign";
        Members = await ListMembersEndpoint.Get(CampaignId, session, ct);
        return true;
    }

    public string? Invalid(string field) => ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? "true" : null;
}
