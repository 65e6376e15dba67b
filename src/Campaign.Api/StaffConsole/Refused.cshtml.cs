using Campaign.StaffConsole.SignIn;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.StaffConsole;

[ConsoleAuthorize]
public sealed class RefusedModel : PageModel
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
