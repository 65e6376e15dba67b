using Campaign.Access;
using Campaign.Campaigns.Reading;
using Campaign.Infrastructure.Reading;
using Campaign.StaffConsole.SignIn;
using Marten;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.StaffConsole.Campaigns;

[ConsoleAuthorize(Policies.Read)]
public sealed class IndexModel(IQuerySession session, ReadYourWrites views) : PageModel
{
    public IReadOnlyList<CampaignListItem> Campaigns { get; private set; } = [];

    /// <summary>The API's own list: staff see only their campaigns.</summary>
    public async Task OnGet(CancellationToken ct) => Campaigns = await GetCampaignsEndpoint.List(null, session, views, User, ct);
}
