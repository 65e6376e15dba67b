using FluentValidation;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Campaign.StaffConsole.Forms;

/// <summary>
/// The one way every console form says what is wrong: beside the field, naming it by its label (so that the message also
/// reads right in the list of errors at the top of a form), in the words of the slice's validator or of the write path.
/// </summary>
public static class FieldErrors
{
    public const string Unstorable = "This contains a character that cannot be stored. Type it again rather than pasting it.";

    /// <summary>
    /// An error naming <paramref name="field"/> as the API does (<c>source.publishedOn</c>), put beside the form's input for
    /// it (<paramref name="prefix"/>.Source.PublishedOn on <paramref name="form"/>), or the form's own when it has none.
    /// </summary>
    public static void AddFieldError(this ModelStateDictionary state, Type form, string prefix, string field, string message)
    {
        var (key, plain) = FieldNames.Place(form, prefix, field, message);
        state.AddModelError(key, plain);
    }

    /// <summary>Checks a command with its slice's own validator, for a form whose inputs are the page's own properties.</summary>
    public static async Task<bool> Validate<T>(this ModelStateDictionary state, IValidator<T> validator, T command, Type form, CancellationToken ct)
    {
        foreach (var error in (await validator.ValidateAsync(command, ct)).Errors)
        {
            // A value the form could not read (a day that is no day) already has its error there.
            if (state.TryGetValue(FieldNames.Place(form, "", error.PropertyName, "").Key, out var entry) && entry.Errors.Count > 0) continue;
            state.AddFieldError(form, "", error.PropertyName, error.ErrorMessage);
        }
        return state.IsValid;
    }

    /// <summary>
    /// Text PostgreSQL cannot store (NUL, a lone surrogate) is refused beside its field, as the API refuses it in JSON. With a
    /// <paramref name="prefix"/>, a value outside it (a hidden field) is the form's own error. False when there was one.
    /// </summary>
    public static bool RefuseUnstorableText(this ModelStateDictionary state, IFormCollection form, string? prefix = null)
    {
        var refused = false;
        foreach (var (name, values) in form)
        {
            if (values.All(v => Infrastructure.Validation.StorableText.IsStorable(v))) continue;
            state.AddModelError(prefix is null || name.StartsWith($"{prefix}.", StringComparison.Ordinal) ? name : "", Unstorable);
            refused = true;
        }
        return !refused;
    }
}
