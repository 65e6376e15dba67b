using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.StaffConsole.SignIn;

/// <summary>Sends the person to the NGO's identity provider; a link rather than a form, as the console's forms post only to itself.</summary>
[AllowAnonymous]
public sealed class ProviderModel(IConfiguration configuration, ILogger<ProviderModel> logger) : PageModel
{
    public async Task<IActionResult> OnGet(string? returnUrl)
    {
        if (!IdentityProvider.IsConfigured(configuration)) return NotFound();
        var back = Url.IsLocalUrl(returnUrl) ? returnUrl : "/campaigns";
        try
        {
            await HttpContext.ChallengeAsync(ConsoleAuthentication.Provider,
                new AuthenticationProperties { RedirectUri = $"/signed-in?returnUrl={Uri.EscapeDataString(back!)}" });
            return new EmptyResult();
        }
        catch (InvalidOperationException unreachable) when (!Response.HasStarted)
        {
            // The provider's discovery document could not be read: the sign-in page says so, the log says why.
            logger.LogError(unreachable, "The identity provider could not be reached for a console sign-in");
            return LocalRedirect("/?refused=unreachable");
        }
    }
}
