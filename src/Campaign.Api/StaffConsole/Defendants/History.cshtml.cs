using Campaign.Access;
using Campaign.Auditing.History;
using Campaign.Defendants.Registering;
using Campaign.StaffConsole.SignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.StaffConsole.Defendants;

/// <summary>A defendant's stream as recorded: for auditors, and for staff of the defendant's campaign.</summary>
[ConsoleAuthorize(Policies.Read)]
public sealed class HistoryModel(ConsoleViews views) : PageModel
{
    [FromRoute] public Guid DefendantId { get; set; }
    public string Name { get; private set; } = "";
    public IReadOnlyList<HistoryEntry> Entries { get; private set; } = [];

    public async Task<IActionResult> OnGet(CancellationToken ct)
    {
        Entries = await views.History(DefendantId, null, ct);
        if (Entries.FirstOrDefault()?.Data is not DefendantRegistered registered) return NotFound();
        Name = registered.DisplayName;
        return Page();
    }
}
