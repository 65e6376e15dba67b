using Campaign.Access;
using Campaign.Infrastructure.Validation;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Campaign.StaffConsole.Admin;

/// <summary>
/// A console form checked by the slice's own validator: each error goes beside its field (named as the command's
/// property, where the API names it as its JSON does), in words for people rather than for programs.
/// </summary>
public static class FormErrors
{
    public static async Task<bool> Validate<T>(this ModelStateDictionary state, IValidator<T> validator, T command, CancellationToken ct)
    {
        foreach (var error in (await validator.ValidateAsync(command, ct)).Errors)
        {
            var field = FieldOf(error.PropertyName);
            // A value the form could not read (a day that is no day) already has its error there.
            if (state.TryGetValue(field, out var entry) && entry.Errors.Count > 0) continue;
            state.AddModelError(field, Plain(error));
        }
        return state.IsValid;
    }

    /// <summary>Text PostgreSQL cannot store (NUL, a lone surrogate) is refused beside its field, as the API refuses it in JSON.</summary>
    public static void RefuseUnstorableText(this ModelStateDictionary state, IFormCollection form)
    {
        foreach (var (name, values) in form)
            if (values.Any(v => !StorableText.IsStorable(v)))
                state.AddModelError(name, "This contains a character that cannot be stored. Type it again rather than pasting it.");
    }

    /// <summary>"owner" → "Owner"; "source.publishedOn" → "Source.PublishedOn".</summary>
    private static string FieldOf(string property) =>
        string.Join('.', property.Split('.').Select(part => part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));

    private static string Plain(ValidationFailure error)
    {
        if (error.ErrorCode is "NotEmptyValidator" or "NotNullValidator") return "This is required.";
        var name = error.FormattedMessagePlaceholderValues?.GetValueOrDefault("PropertyName") as string ?? error.PropertyName;
        var message = error.ErrorMessage.Replace($"'{name}'", "this field", StringComparison.Ordinal);
        return char.ToUpperInvariant(message[0]) + message[1..];
    }
}

/// <summary>What each role may do, said plainly.</summary>
public static class RoleWords
{
    public static string Name(Role role) => role switch
    {
        Role.Admin => "Administrator",
        Role.Staff => "Staff",
        Role.Auditor => "Auditor",
        Role.Partner => "Partner",
        _ => role.ToString(),
    };

    public static string May(Role role) => role switch
    {
        Role.Admin => "reads and changes everything, and manages keys and campaign members",
        Role.Staff => "logs and follows the cases of the campaigns they are a member of",
        Role.Auditor => "reads everything, with its history, and changes nothing",
        Role.Partner => "a partner organisation's service: reads public data and the event feed; cannot sign in here",
        _ => "",
    };
}
