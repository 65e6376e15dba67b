using Campaign.Access;
using Campaign.Access.Members;
using Campaign.Campaigns.Reading;
using Campaign.Infrastructure.Reading;
using Campaign.StaffConsole.SignIn;
using Marten;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.StaffConsole.Admin.Members;

/// <summary>Every campaign with how many staff work on it, each leading to its members.</summary>
[ConsoleAuthorize(Policies.Administer)]
public sealed class IndexModel(IQuerySession session, ReadYourWrites views) : PageModel
{
    public IReadOnlyList<CampaignListItem> Campaigns { get; private set; } = [];
    public IReadOnlyDictionary<Guid, int> MemberCounts { get; private set; } = new Dictionary<Guid, int>();

    public async Task OnGet(CancellationToken ct)
    {
        Campaigns = await GetCampaignsEndpoint.List(null, session, views, User, ct);
        MemberCounts = (await session.Query<Membership>().Select(m => m.CampaignId).ToListAsync(ct))
            .CountBy(id => id).ToDictionary();
    }
}
