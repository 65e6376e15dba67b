using Campaign.Access;
using Campaign.Campaigns;
using Campaign.Campaigns.ImportingDevelopments;
using Campaign.StaffConsole.Forms;
using Campaign.StaffConsole.SignIn;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.StaffConsole.Campaigns.Importing;

/// <summary>
/// A spreadsheet of developments imported in two steps: the sheet uploaded is checked (the dry run's errors as a table of
/// row, column and error), then, once it has none, confirmed and applied all or nothing by the person signed in. The file
/// travels back with the confirmation, so what is applied is what was checked (and it is checked again as it is applied).
/// </summary>
[ConsoleAuthorize(Policies.Write)]
public sealed class ImportModel(Importer importer, IQuerySession session) : PageModel
{
    [FromRoute] public Guid CampaignId { get; set; }
    [BindProperty] public IFormFile? Sheet { get; set; }
    [BindProperty] public bool CreateDefendants { get; set; }

    /// <summary>The file checked, carried by the confirmation (base64), and its name.</summary>
    [BindProperty] public string? Checked { get; set; }
    [BindProperty] public string? FileName { get; set; }

    public string CampaignName { get; private set; } = "";
    public ImportReport? Report { get; private set; }
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await Load(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnGetTemplateAsync(CancellationToken ct) =>
        await Load(ct) ? File(DevelopmentSheet.Template(), "text/csv; charset=utf-8", "developments-template.csv") : NotFound();

    public async Task<IActionResult> OnPostCheckAsync(CancellationToken ct)
    {
        if (!await Load(ct)) return NotFound();
        if (Sheet is not { Length: > 0 })
        {
            ModelState.AddModelError(nameof(Sheet), "Choose the spreadsheet to import, saved as CSV.");
            return Page();
        }
        if (Sheet.Length > DevelopmentSheet.MaxBytes)
        {
            ModelState.AddModelError(nameof(Sheet), $"The file is larger than {DevelopmentSheet.MaxBytes / 1024} KiB: split it.");
            return Page();
        }
        using var file = new MemoryStream();
        await Sheet.CopyToAsync(file, ct);
        (Checked, FileName) = (Convert.ToBase64String(file.ToArray()), Path.GetFileName(Sheet.FileName));
        Report = await importer.Check(CampaignId, file.ToArray(), FileName, CreateDefendants, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync(CancellationToken ct)
    {
        if (!await Load(ct)) return NotFound();
        byte[] file;
        try
        {
            file = Convert.FromBase64String(Checked ?? "");
        }
        catch (FormatException)
        {
            Problem = "The file checked did not come back whole: upload it again.";
            return Page();
        }
        Report = await importer.Apply(CampaignId, file, FileName, CreateDefendants, User, ct);
        if (!Report.Applied) return Page();
        TempData[Written.Notice] = $"{Report.Rows} developments from {FileName ?? "the spreadsheet"} are recorded.";
        TempData[Written.Sequence] = Report.Written!.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return LocalRedirect($"/campaigns/{CampaignId}");
    }

    private async Task<bool> Load(CancellationToken ct)
    {
        if (await session.LoadAsync<CampaignState>(CampaignId, ct) is null) return false;
        CampaignName = (await session.LoadAsync<CampaignView>(CampaignId, ct))?.Name ?? "the campaign";
        return true;
    }
}
