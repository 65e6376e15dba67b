using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.StaffConsole.SignIn;

[AllowAnonymous]
public sealed class SignedInModel : PageModel
{
    public string Destination { get; private set; } = "/campaigns";

    public void OnGet(string? returnUrl)
    {
        if (Url.IsLocalUrl(returnUrl)) Destination = returnUrl!;
    }
}
