using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.StaffConsole.SignIn;

/// <summary>Ends the console session (a POST with its antiforgery token, so no other site can sign a person out).</summary>
[ConsoleAuthorize]
public sealed class SignOutModel : PageModel
{
    public async Task<IActionResult> OnPost()
    {
        await HttpContext.SignOutAsync(ConsoleAuthentication.Scheme);
        return LocalRedirect("/");
    }
}
