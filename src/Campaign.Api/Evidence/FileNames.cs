using System.Globalization;
using System.Text;

namespace Campaign.Evidence;

/// <summary>A file name as a client sent it, made safe to store and to offer as a download's name.</summary>
public static class FileNames
{
    public const int MaxLength = 200;

    /// <summary>
    /// The last segment of the name (no folders), without control or format characters and those file systems refuse
    /// (<c>&lt;&gt;:"/\|?*</c>), spaces collapsed, no leading or trailing dots or spaces, at most 200 characters with its
    /// extension kept; null when nothing is left.
    /// </summary>
    public static string? Sanitise(string? name)
    {
        if (name is null) return null;
        var last = name.Normalize(NormalizationForm.FormC).Split('/', '\\')[^1];
        var clean = new StringBuilder(last.Length);
        foreach (var c in last)
        {
            if (char.IsWhiteSpace(c)) // a tab or a line break too: one space
            {
                if (clean.Length > 0 && clean[^1] != ' ') clean.Append(' ');
                continue;
            }
            if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned || "<>:\"|?*".Contains(c)) continue;
            clean.Append(c);
        }
        var result = clean.ToString().Trim(' ', '.');
        if (result.Length > MaxLength)
        {
            var extension = Path.GetExtension(result);
            extension = extension.Length is > 1 and <= 10 ? extension : "";
            result = result[..(MaxLength - extension.Length)].TrimEnd(' ', '.') + extension;
        }
        return result.Length == 0 ? null : result;
    }
}
