using Campaign.Access;
using Campaign.Alerts.Attention;
using Campaign.StaffConsole.SignIn;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.StaffConsole.Attention;

/// <summary>The list <c>GET /api/attention</c> answers, for the days asked (by default this week), as a page.</summary>
[ConsoleAuthorize(Policies.Read)]
public sealed class AttentionModel(IQuerySession session, TimeProvider clock) : PageModel
{
    [FromQuery(Name = "from")] public string? FromText { get; set; }
    [FromQuery(Name = "to")] public string? ToText { get; set; }

    public AttentionList List { get; private set; } = null!;

    public async Task OnGet(CancellationToken ct)
    {
        var from = ConsoleViews.Day(FromText) ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var to = ConsoleViews.Day(ToText) is { } last && last >= from ? last : from.AddDays(6);
        if (to.DayNumber - from.DayNumber > Alerts.Attention.Attention.MaxDays) to = from.AddDays(Alerts.Attention.Attention.MaxDays);
        List = await Alerts.Attention.Attention.For(User, from, to, session, ct);
    }
}
