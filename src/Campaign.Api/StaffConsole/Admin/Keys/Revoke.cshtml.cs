using System.Security.Claims;
using Campaign.Access;
using Campaign.Access.Keys;
using Campaign.Access.Keys.RevokingKeys;
using Campaign.StaffConsole.SignIn;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.StaffConsole.Admin.Keys;

/// <summary>Revokes a key through the API's own slice, once the administrator has confirmed it.</summary>
[ConsoleAuthorize(Policies.Administer)]
public sealed class RevokeModel(IQuerySession session, KeyIssuer keys) : PageModel
{
    [FromRoute] public string KeyId { get; set; } = "";

    public ApiKey Key { get; private set; } = null!;

    /// <summary>The administrator is signed in with this very key.</summary>
    public bool IsOwnKey => User.FindFirstValue(CampaignClaims.KeyId) == KeyId;

    public async Task<IActionResult> OnGet(CancellationToken ct)
    {
        if (await session.LoadAsync<ApiKey>(KeyId, ct) is not { } key) return NotFound();
        Key = key;
        return Page();
    }

    public async Task<IActionResult> OnPost(CancellationToken ct)
    {
        await RevokeKeyEndpoint.Revoke(KeyId, keys, User, ct);
        return LocalRedirect($"/admin/keys?revoked={Uri.EscapeDataString(KeyId)}");
    }
}
