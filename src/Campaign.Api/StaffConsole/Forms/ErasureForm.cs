using System.ComponentModel.DataAnnotations;
using Campaign.Confidentiality;
using Campaign.Confidentiality.Erasing;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.StaffConsole.Forms;

/// <summary>
/// Erasure of the confidential data of one stream, a defendant's or a campaign's, for administrators, behind a page that
/// says what is destroyed for good and what stays. It is the API's own erasure (<see cref="PersonalDataErasure"/>),
/// checked by its own validator.
/// </summary>
public abstract class ErasureForm(ConsoleViews views, IDocumentSession session, IValidator<ErasePersonalData> validator, TimeProvider clock)
    : PageModel
{
    [BindProperty, Display(Name = "Why")] public string? Reason { get; set; }

    /// <summary>How many developments of the stream name a confidential source.</summary>
    public int ConfidentialSources { get; private set; }

    /// <summary>Set once the data is erased.</summary>
    public PersonalDataKey? Erased { get; private set; }

    protected ConsoleViews Views => views;

    /// <summary>Whose data it is, as the page names them.</summary>
    public abstract string Whom { get; }

    /// <summary>The page the erasure was asked from, and goes back to.</summary>
    public abstract string Back { get; }

    protected abstract Guid StreamId { get; }

    /// <summary>Reads the defendant or campaign; false when there is none.</summary>
    protected abstract Task<bool> LoadView(CancellationToken ct);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await Load(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await Load(ct)) return NotFound();
        if (Erased is not null) return Page();
        var command = new ErasePersonalData(Reason ?? "");
        if (!ModelState.RefuseUnstorableText(Request.Form) | !await ModelState.Validate(validator, command, GetType(), ct)) return Page();

        await PersonalDataErasure.Erase(session, StreamId, command.Reason, User.Identity!.Name!, clock, ct);
        TempData[Written.Notice] = $"The confidential data of {Whom} is erased.";
        return LocalRedirect(Back);
    }

    private async Task<bool> Load(CancellationToken ct)
    {
        if (!await LoadView(ct)) return false;
        ConfidentialSources = (await views.History(StreamId, null, ct)).Count(e => e.Source?.Confidential == true);
        Erased = await session.LoadAsync<PersonalDataKey>(StreamId, ct) is { ErasedAt: not null } key ? key : null;
        return true;
    }
}
