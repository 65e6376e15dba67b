using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Campaign.StaffConsole.Forms;

/// <summary>
/// Puts the write path's errors beside a form's inputs. The validators name fields as the JSON does (<c>source.publishedOn</c>,
/// <c>defendantIds[3]</c>); a form's inputs mirror the command under a prefix (<c>Input.Source.PublishedOn</c>). An error
/// naming a field the form has no input for is the form's own.
/// </summary>
public static partial class FieldNames
{
    /// <summary>The input's name for <paramref name="field"/> ("" when there is none), and the message with the field named by its label.</summary>
    public static (string Key, string Message) Place(Type input, string prefix, string field, string message)
    {
        var (type, key) = (input, prefix);
        PropertyInfo? property = null;
        foreach (var segment in field.Split('.'))
        {
            property = type.GetProperty(Indexless().Replace(segment, ""), BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null) return ("", message);
            (type, key) = (property.PropertyType, key.Length == 0 ? property.Name : $"{key}.{property.Name}");
        }
        var label = Hint().Replace(property!.GetCustomAttribute<DisplayAttribute>()?.GetName() ?? Words.Sentence(property!.Name), "");
        var jsonName = Indexless().Replace(field.Split('.')[^1], "");
        return (key, message.Replace($"'{field}'", $"“{label}”", StringComparison.Ordinal).Replace($"'{jsonName}'", $"“{label}”", StringComparison.Ordinal));
    }

    /// <summary>"Note (optional)" is named "Note".</summary>
    [GeneratedRegex(@"\s*\([^)]*\)$")]
    private static partial Regex Hint();

    [GeneratedRegex(@"\[\d*\]")]
    private static partial Regex Indexless();
}
