using System.Globalization;
using System.Security.Claims;
using System.Text;
using Campaign.Access;

namespace Campaign.StaffConsole;

/// <summary>How the console says things: days as "13 November 2025", names of kinds in plain words.</summary>
public static class Words
{
    public static string Day(DateOnly day) => day.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    public static string Day(DateOnly? day, string otherwise = "not known") => day is { } d ? Day(d) : otherwise;

    public static string Day(DateTimeOffset instant) => Day(DateOnly.FromDateTime(instant.UtcDateTime));

    /// <summary>A recorded instant, to the minute, in UTC.</summary>
    public static string Instant(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>PretrialDetention → "Pretrial detention".</summary>
    /// <summary>"482 KB", "3.1 MB": a file's size for people.</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1000 => $"{bytes} bytes",
        < 1_000_000 => (bytes / 1000.0).ToString("0.# 'KB'", CultureInfo.InvariantCulture),
        _ => (bytes / 1_000_000.0).ToString("0.# 'MB'", CultureInfo.InvariantCulture),
    };

    public static string Plain<T>(T value) where T : struct, Enum => Sentence(value.ToString());

    public static string Sentence(string pascal)
    {
        var words = new StringBuilder();
        foreach (var c in pascal)
        {
            if (char.IsUpper(c) && words.Length > 0) words.Append(' ').Append(char.ToLowerInvariant(c));
            else words.Append(c);
        }
        return words.ToString();
    }

    /// <summary>A development's own one-line description, with the names of custody statuses in plain words.</summary>
    public static string PlainKinds(string description) => Enum.GetValues<Campaign.Defendants.CustodyStatus>()
        .Aggregate(description, (text, status) => text.Replace(status.ToString(), Plain(status).ToLowerInvariant(), StringComparison.Ordinal));

    public static string Role(ClaimsPrincipal user) =>
        Enum.GetValues<Role>().FirstOrDefault(r => user.IsInRole(r.RoleName())) switch
        {
            Access.Role.Admin => "administrator",
            Access.Role.Auditor => "auditor",
            _ => "staff",
        };
}
