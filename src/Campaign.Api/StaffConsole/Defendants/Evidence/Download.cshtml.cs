using Campaign.Access;
using Campaign.Evidence.Downloading;
using Campaign.StaffConsole.SignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.StaffConsole.Defendants.Evidence;

/// <summary>Downloads an evidence file as the API serves it: verified against its hash, as an attachment.</summary>
[ConsoleAuthorize(Policies.Read)]
public sealed class DownloadModel(EvidenceDownload download) : PageModel
{
    [FromRoute] public Guid DefendantId { get; set; }
    [FromRoute] public Guid EvidenceId { get; set; }

    public async Task<IActionResult> OnGet()
    {
        await download.Serve(HttpContext, DefendantId, EvidenceId);
        return new EmptyResult();
    }
}
