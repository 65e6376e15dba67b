using Campaign.Access;
using Campaign.Campaigns;
using Campaign.Defendants;
using Campaign.Infrastructure.Reading;
using Campaign.StaffConsole.Forms;
using Campaign.StaffConsole.SignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.StaffConsole.Campaigns;

/// <summary>A campaign at a glance: where its defendants stand, what comes next, and the table of defendants (sorted and filtered by the query string).</summary>
[ConsoleAuthorize(Policies.Read)]
public sealed class DashboardModel(ConsoleViews views, ReadYourWrites written) : PageModel
{
    [FromRoute] public Guid CampaignId { get; set; }
    [FromQuery(Name = "q")] public string? Name { get; set; }
    [FromQuery] public CustodyStatus? Custody { get; set; }
    [FromQuery] public string? Basis { get; set; }
    [FromQuery] public string Sort { get; set; } = "name";
    [FromQuery] public string Dir { get; set; } = "asc";
    [FromQuery(Name = "asOf")] public string? AsOfText { get; set; }

    public DateOnly? AsOf => ConsoleViews.Day(AsOfText);
    public bool MayTravel => ConsoleViews.MayTravel(User);
    public bool MayWrite => AsOf is null && ConsoleViews.MayWrite(User);
    public bool MayErase => AsOf is null && User.IsInRole(Role.Admin.RoleName());

    /// <summary>The view has not yet caught up with what the person just recorded.</summary>
    public bool CatchingUp { get; private set; }
    public CampaignView Campaign { get; private set; } = null!;
    public IReadOnlyList<DefendantSummary> Defendants { get; private set; } = [];

    public async Task<IActionResult> OnGet(CancellationToken ct)
    {
        if (AsOf is not null && !MayTravel) return Forbid(ConsoleAuthentication.Scheme);
        await AfterWhatWasRecorded(ct);
        if (await views.Campaign(CampaignId, AsOf, User, ct) is not { } campaign) return NotFound();
        Campaign = campaign;
        Defendants = Sorted(campaign.Defendants.Where(Matches)).ToList();
        return Page();
    }

    /// <summary>Coming from a form, the campaign view (built asynchronously) is shown once it includes what was recorded.</summary>
    private async Task AfterWhatWasRecorded(CancellationToken ct)
    {
        if (Written.SequenceIn(TempData) is not { } sequence) return;
        try
        {
            await written.WaitFor(nameof(CampaignView), sequence, ct);
        }
        catch (ViewCatchingUp)
        {
            CatchingUp = true;
        }
    }

    public static string? CurrentCharges(DefendantSummary d) =>
        d.Charges.Where(c => c.IsCurrent).Select(c => c.Details.LegalBasis).Distinct().ToList() is { Count: > 0 } bases ? string.Join("; ", bases) : null;

    private bool Matches(DefendantSummary d) =>
        (Name is not { Length: > 0 } || d.DisplayName.Contains(Name.Trim(), StringComparison.OrdinalIgnoreCase))
        && (Custody is null || d.Custody?.Status == Custody)
        && (Basis is not { Length: > 0 } || d.Charges.Any(c => c.IsCurrent && c.Details.LegalBasis == Basis));

    private IEnumerable<DefendantSummary> Sorted(IEnumerable<DefendantSummary> defendants)
    {
        Func<DefendantSummary, IComparable?> key = Sort switch
        {
            "custody" => d => d.Custody is { } c ? Words.Plain(c.Status) : null,
            "since" => d => d.Custody?.Since,
            "charge" => d => CurrentCharges(d),
            _ => d => d.DisplayName,
        };
        var byKey = Dir == "desc" ? defendants.OrderByDescending(key) : defendants.OrderBy(key);
        return byKey.ThenBy(d => d.DisplayName, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The address of this page sorted by <paramref name="column"/>, keeping the filters.</summary>
    public string SortLink(string column) => QueryString.Create(new Dictionary<string, string?>
    {
        ["q"] = Name, ["custody"] = Custody?.ToString(), ["basis"] = Basis, ["asOf"] = AsOfText,
        ["sort"] = column, ["dir"] = Sort == column && Dir == "asc" ? "desc" : "asc",
    }.Where(p => !string.IsNullOrEmpty(p.Value))).ToUriComponent();

    public string? AriaSort(string column) => Sort == column ? Dir == "desc" ? "descending" : "ascending" : null;
}
