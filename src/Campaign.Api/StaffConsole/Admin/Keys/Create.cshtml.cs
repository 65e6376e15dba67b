using System.ComponentModel.DataAnnotations;
using Campaign.Access;
using Campaign.Access.Keys;
using Campaign.Access.Keys.CreatingKeys;
using Campaign.StaffConsole.Forms;
using Campaign.StaffConsole.SignIn;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.StaffConsole.Admin.Keys;

/// <summary>Creates a key through the API's own slice and validator, and shows it this once.</summary>
[ConsoleAuthorize(Policies.Administer)]
public sealed class CreateModel(KeyIssuer keys, IValidator<CreateKey> validator) : PageModel
{
    [BindProperty, Display(Name = "Whom the key is for")] public string? Owner { get; set; }
    [BindProperty, Display(Name = "Role")] public Role? Role { get; set; }
    [BindProperty, Display(Name = "Note (optional)")] public string? Description { get; set; }
    [BindProperty, Display(Name = "Stops working after (optional)")] public DateOnly? ExpiresAt { get; set; }

    /// <summary>The key just created: in this answer only, never stored.</summary>
    public IssuedKey? Issued { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPost(CancellationToken ct)
    {
        ModelState.RefuseUnstorableText(Request.Form);
        var command = new CreateKey(Owner ?? "", Role, Description is { Length: > 0 } d ? d : null, EndOf(ExpiresAt));
        if (!await ModelState.Validate(validator, command, GetType(), ct)) return Page();

        Issued = await CreateKeyEndpoint.Create(command, keys, User, ct);
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    /// <summary>A key that stops working "after" a day works until the end of that day (UTC).</summary>
    private static DateTimeOffset? EndOf(DateOnly? day) =>
        day is { } d ? new DateTimeOffset(d.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;

    public string? Invalid(string field) => ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? "true" : null;
}
