using System.ComponentModel.DataAnnotations;
using Campaign.StaffConsole.SignIn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.StaffConsole;

[AllowAnonymous]
public sealed class IndexModel(KeySignIn keys, IConfiguration configuration) : PageModel
{
    [BindProperty, Display(Name = "Your access key"), Required(ErrorMessage = "Enter your access key.")]
    public string? Key { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true, Name = "refused")]
    public string? Refused { get; set; }

    public bool ProviderConfigured => IdentityProvider.IsConfigured(configuration);

    public async Task<IActionResult> OnGet()
    {
        var session = await HttpContext.AuthenticateAsync(ConsoleAuthentication.Scheme);
        return session.Succeeded ? LocalRedirect(Destination) : Page();
    }

    public async Task<IActionResult> OnPost(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var (key, refusal) = await keys.Check(Key, HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown", ct);
        if (key is null)
        {
            ModelState.AddModelError(nameof(Key), refusal!);
            return Page();
        }
        await HttpContext.SignInAsync(ConsoleAuthentication.Scheme, ConsoleAuthentication.Principal(key.Owner, key.Role, "key", key.Id));
        return LocalRedirect(Destination);
    }

    private string Destination => Url.IsLocalUrl(ReturnUrl) && ReturnUrl != "/" ? ReturnUrl! : "/campaigns";
}
