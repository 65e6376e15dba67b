using Campaign.Access;
using Campaign.Access.Keys.ListingKeys;
using Campaign.StaffConsole.SignIn;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.StaffConsole.Admin.Keys;

/// <summary>The access keys, as the API lists them: whom each is for and what it may do, never the key itself.</summary>
[ConsoleAuthorize(Policies.Administer)]
public sealed class IndexModel(IQuerySession session, TimeProvider clock) : PageModel
{
    /// <summary>Revoked and expired keys too.</summary>
    [FromQuery] public bool All { get; set; }

    /// <summary>The key just revoked, to say so.</summary>
    [FromQuery(Name = "revoked")] public string? RevokedId { get; set; }

    public IReadOnlyList<KeySummary> Keys { get; private set; } = [];
    public int Inactive { get; private set; }
    public KeySummary? Revoked { get; private set; }

    public async Task OnGet(CancellationToken ct)
    {
        var keys = (await ListKeysEndpoint.Get(session, ct)).Reverse().ToList();
        Revoked = keys.Find(k => k.Id == RevokedId && k.RevokedAt is not null);
        Inactive = keys.Count(k => !IsActive(k));
        Keys = All ? keys : keys.Where(IsActive).ToList();
    }

    public bool IsActive(KeySummary key) => key.RevokedAt is null && (key.ExpiresAt is null || key.ExpiresAt > clock.GetUtcNow());

    public string Status(KeySummary key) =>
        key.RevokedAt is { } revoked ? $"Revoked on {Words.Day(revoked)} by {key.RevokedBy}"
        : key.ExpiresAt is { } expires && expires <= clock.GetUtcNow() ? $"Expired on {Words.Day(expires)}"
        : "In use";
}
