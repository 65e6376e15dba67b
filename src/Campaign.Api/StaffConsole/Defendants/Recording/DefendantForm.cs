using Campaign.Defendants;
using Campaign.Infrastructure.Writing;
using Campaign.StaffConsole.Forms;
using Microsoft.AspNetCore.Mvc;

namespace Campaign.StaffConsole.Defendants.Recording;

/// <summary>A form recording one development in a defendant's case, opened on the version of the defendant's stream.</summary>
public abstract class DefendantForm<TInput>(Commands commands, Meanwhile meanwhile, ConsoleViews views)
    : FormPage<TInput>(commands, meanwhile) where TInput : class, new()
{
    [FromRoute] public Guid DefendantId { get; set; }
    public DefendantView Defendant { get; private set; } = null!;

    protected ConsoleViews Views => views;

    /// <summary>The charges a development may act on, in the order filed.</summary>
    public IReadOnlyList<Charge> PendingCharges => Defendant.Charges.Where(c => c.Status == ChargeStatus.Pending).ToList();

    protected override (Guid Id, string? About)? Stream => (DefendantId, null);

    /// <summary>The slice's own command, for this defendant.</summary>
    protected abstract Command Command();

    /// <summary>What the defendant's page then says, e.g. "The detention is recorded."</summary>
    protected abstract string Done { get; }

    protected override async Task<bool> Load(CancellationToken ct)
    {
        if (await views.Defendant(DefendantId, null, User, ct) is not { } defendant) return false;
        (Defendant, Version) = (defendant, defendant.Version);
        return true;
    }

    protected override async Task<IActionResult> Record(CancellationToken ct)
    {
        await Send<WriteResult>(Command(), ct);
        return Recorded(Done, $"/defendants/{DefendantId}");
    }

    /// <summary>"Criminal Code Art. 174, filed 22 January 2026", to pick a charge by.</summary>
    public static string Describe(Charge charge) => $"{charge.Details.LegalBasis} ({charge.Details.Description}), filed {Words.Day(charge.FiledOn)}";
}
