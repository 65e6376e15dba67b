using Campaign.Access;
using Campaign.Defendants;
using Campaign.StaffConsole.SignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.StaffConsole.Search;

[ConsoleAuthorize(Policies.Read)]
public sealed class SearchModel(DefendantSearch search) : PageModel
{
    [FromQuery(Name = "name")] public string? Name { get; set; }
    [FromQuery(Name = "basis")] public string? Basis { get; set; }
    [FromQuery(Name = "custody")] public CustodyStatus? Custody { get; set; }
    [FromQuery(Name = "place")] public string? Place { get; set; }
    [FromQuery(Name = "from")] public string? FromText { get; set; }
    [FromQuery(Name = "to")] public string? ToText { get; set; }
    [FromQuery(Name = "campaign")] public Guid? CampaignId { get; set; }

    public SearchCriteria Criteria => new(Name, Basis, Custody, Place, ConsoleViews.Day(FromText), ConsoleViews.Day(ToText), CampaignId);
    public IReadOnlyList<Found> Results { get; private set; } = [];

    public async Task OnGet(CancellationToken ct) => Results = await search.Find(Criteria, User, ct);
}
