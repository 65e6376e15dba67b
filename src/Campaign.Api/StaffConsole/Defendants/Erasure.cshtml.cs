using System.ComponentModel.DataAnnotations;
using Campaign.Access;
using Campaign.Confidentiality;
using Campaign.Confidentiality.Erasing;
using Campaign.Defendants;
using Campaign.StaffConsole.Forms;
using Campaign.StaffConsole.SignIn;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.StaffConsole.Defendants;

/// <summary>
/// Erasure of a defendant's confidential data, for administrators, behind a page that says what is destroyed. It is the
/// API's own erasure (<see cref="PersonalDataErasure"/>), validated by its own validator.
/// </summary>
[ConsoleAuthorize(Policies.Administer)]
public sealed class ErasureModel(ConsoleViews views, IDocumentSession session, IValidator<ErasePersonalData> validator, TimeProvider clock)
    : PageModel
{
    [FromRoute] public Guid DefendantId { get; set; }
    [BindProperty, Display(Name = "Why")] public string? Reason { get; set; }

    public DefendantView Defendant { get; private set; } = null!;

    /// <summary>How many of the defendant's developments name a confidential source.</summary>
    public int ConfidentialSources { get; private set; }

    /// <summary>Set once their data is erased.</summary>
    public PersonalDataKey? Erased { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await Load(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await Load(ct)) return NotFound();
        if (Erased is not null) return Page();
        var command = new ErasePersonalData(Reason ?? "");
        var result = await validator.ValidateAsync(command, ct);
        foreach (var error in result.Errors)
        {
            var (key, message) = FieldNames.Place(GetType(), "", error.PropertyName, error.ErrorMessage);
            ModelState.AddModelError(key, message);
        }
        if (!ModelState.IsValid) return Page();

        await PersonalDataErasure.Erase(session, DefendantId, command.Reason, User.Identity!.Name!, clock, ct);
        TempData[Written.Notice] = $"The confidential data of {Defendant.DisplayName} is erased.";
        return LocalRedirect($"/defendants/{DefendantId}");
    }

    private async Task<bool> Load(CancellationToken ct)
    {
        if (await views.Defendant(DefendantId, null, User, ct) is not { } defendant) return false;
        Defendant = defendant;
        ConfidentialSources = (await views.History(DefendantId, null, ct)).Count(e => e.Source?.Confidential == true);
        Erased = await session.LoadAsync<PersonalDataKey>(DefendantId, ct) is { ErasedAt: not null } key ? key : null;
        return true;
    }
}
