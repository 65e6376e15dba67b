using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.StaffConsole.SignIn;

/// <summary>
/// Ends the console session (a POST with its antiforgery token, so no other site can sign a person out); a session
/// from the identity provider ends at the provider too, which then sends the person back to the sign-in page.
/// </summary>
[ConsoleAuthorize]
public sealed class SignOutModel(IConfiguration configuration) : PageModel
{
    public IActionResult OnPost()
    {
        var schemes = User.FindFirstValue(ConsoleAuthentication.MethodClaim) == "provider" && IdentityProvider.IsConfigured(configuration)
            ? new[] { ConsoleAuthentication.Scheme, ConsoleAuthentication.Provider }
            : [ConsoleAuthentication.Scheme];
        return SignOut(new AuthenticationProperties { RedirectUri = "/" }, schemes);
    }
}
