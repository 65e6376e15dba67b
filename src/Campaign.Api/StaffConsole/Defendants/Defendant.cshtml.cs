using Campaign.Access;
using Campaign.Auditing.History;
using Campaign.Defendants;
using Campaign.Developments;
using Campaign.StaffConsole.SignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.StaffConsole.Defendants;

/// <summary>One defendant: a dated timeline of every development (retracted ones struck through), charges, custody, hearings, verdicts.</summary>
[ConsoleAuthorize(Policies.Read)]
public sealed class DefendantModel(ConsoleViews views) : PageModel
{
    [FromRoute] public Guid DefendantId { get; set; }
    [FromQuery(Name = "asOf")] public string? AsOfText { get; set; }

    public DateOnly? AsOf => ConsoleViews.Day(AsOfText);
    public bool MayTravel => ConsoleViews.MayTravel(User);
    public bool MayWrite => AsOf is null && ConsoleViews.MayWrite(User);
    public bool MayErase => User.IsInRole(Role.Admin.RoleName());
    public DefendantView Defendant { get; private set; } = null!;

    /// <summary>The developments, newest first, each with the retraction that took it back, if any.</summary>
    public IReadOnlyList<HistoryEntry> Timeline { get; private set; } = [];

    public async Task<IActionResult> OnGet(CancellationToken ct)
    {
        if (AsOf is not null && !MayTravel) return Forbid(ConsoleAuthentication.Scheme);
        if (await views.Defendant(DefendantId, AsOf, User, ct) is not { } defendant) return NotFound();
        Defendant = defendant;
        Timeline = (await views.History(DefendantId, AsOf, ct))
            .Where(e => e.Data is IDevelopment)
            .OrderByDescending(e => e.OccurredOn).ThenByDescending(e => e.Version)
            .ToList();
        return Page();
    }

    public static string Describe(HistoryEntry entry) =>
        entry.Data is IDevelopment development ? Words.PlainKinds(development.Describe()) : Words.Sentence(entry.Type);

    /// <summary>What a file bears on: the case as a whole, or one development (as the timeline words it).</summary>
    public string AttachedTo(Campaign.Evidence.EvidenceFile file) =>
        file.AttachedTo is not { } id ? "About the case"
        : Timeline.FirstOrDefault(t => t.EventId == id) is { } development ? $"About: {Describe(development)}" : "About a development";

    public Charge? ChargeOf(Guid? chargeId) => chargeId is { } id ? Defendant.Charges.Find(c => c.ChargeId == id) : null;
}
