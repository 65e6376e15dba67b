using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.StaffConsole.SignIn;

/// <summary>Sends the person to the NGO's identity provider; a link rather than a form, as the console's forms post only to itself.</summary>
[AllowAnonymous]
public sealed class ProviderModel(IConfiguration configuration) : PageModel
{
    public IActionResult OnGet(string? returnUrl)
    {
        if (!IdentityProvider.IsConfigured(configuration)) return NotFound();
        var back = Url.IsLocalUrl(returnUrl) ? returnUrl : "/campaigns";
        return Challenge(new AuthenticationProperties { RedirectUri = $"/signed-in?returnUrl={Uri.EscapeDataString(back!)}" },
            ConsoleAuthentication.Provider);
    }
}
