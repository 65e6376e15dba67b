using Campaign.Access;
using Campaign.Infrastructure.Writing;
using Campaign.StaffConsole.Forms;
using Campaign.StaffConsole.SignIn;
using Microsoft.AspNetCore.Mvc;

namespace Campaign.StaffConsole.Defendants;

/// <summary>Retracts one of a defendant's developments, from their timeline.</summary>
[ConsoleAuthorize(Policies.Write)]
public sealed class RetractionModel(Commands commands, Meanwhile meanwhile, ConsoleViews views) : RetractionForm(commands, meanwhile, views)
{
    [FromRoute] public Guid DefendantId { get; set; }

    protected override Guid StreamId => DefendantId;

    protected override async Task<IActionResult> Record(CancellationToken ct)
    {
        await Retract(ct);
        return Recorded("The retraction is recorded.", $"/defendants/{DefendantId}");
    }
}
