using System.Globalization;
using System.Security.Claims;
using Campaign.Access;
using Campaign.Infrastructure.ApiDocument;
using Campaign.Infrastructure.Writing;

namespace Campaign.Auditing.TimeTravel;

/// <summary>
/// Which past to show. <c>asOf</c>: as the system showed it then (events recorded up to that instant); <c>version</c>: a
/// defendant's stream up to that version; <c>knownAt</c> and <c>validOn</c>: on that day, according to what was known
/// at that instant (either may be given alone). All absent: now.
/// </summary>
[QueryParameter("asOf", typeof(DateTimeOffset), "Auditors and admins: the view exactly as the system showed it at this instant.", Example = "2026-01-22T12:00:00Z")]
[QueryParameter("knownAt", typeof(DateTimeOffset), "Auditors and admins: according to what was recorded up to this instant (with or without validOn).")]
[QueryParameter("validOn", typeof(DateOnly), "Auditors and admins: the situation on this day (with or without knownAt).", Example = "2025-12-01")]
public sealed record Moment(DateTimeOffset? AsOf, long? Version, DateTimeOffset? KnownAt, DateOnly? ValidOn)
{
    public bool IsNow => AsOf is null && Version is null && KnownAt is null && ValidOn is null;

    /// <summary>The instant up to which recorded events count.</summary>
    public DateTimeOffset? RecordedUpTo => AsOf ?? KnownAt;

    public static Moment From(HttpRequest request, bool versions)
    {
        // Only a defendant's stream has versions to read at: elsewhere the parameter is not read.
        var moment = new Moment(Instant(request, "asOf"), versions ? Number(request, "version") : null, Instant(request, "knownAt"), Day(request, "validOn"));
        if (new object?[] { moment.AsOf, moment.Version, moment.KnownAt ?? (object?)moment.ValidOn }.Count(v => v is not null) > 1)
            throw new InvalidReference("asOf", "Give one of asOf, version, or knownAt with validOn.");
        return moment;
    }

    /// <summary>The past belongs to auditors and admins.</summary>
    public void EnsureMayBeSeenBy(ClaimsPrincipal reader)
    {
        if (!IsNow && !reader.IsInRole(Role.Auditor.RoleName()) && !reader.IsInRole(Role.Admin.RoleName()))
            throw new Forbidden("Only auditors and admins may read views as of another time.");
    }

    private static DateTimeOffset? Instant(HttpRequest request, string name) => request.Query[name].ToString() is { Length: > 0 } value
        ? DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant : throw new InvalidReference(name, $"'{name}' must be an instant, e.g. 2026-01-22T12:00:00Z.")
        : null;

    private static DateOnly? Day(HttpRequest request, string name) => request.Query[name].ToString() is { Length: > 0 } value
        ? DateOnly.TryParseExact(value, "yyyy-MM-dd", out var day) ? day : throw new InvalidReference(name, $"'{name}' must be a day, e.g. 2025-11-13.")
        : null;

    private static long? Number(HttpRequest request, string name) => request.Query[name].ToString() is { Length: > 0 } value
        ? long.TryParse(value, out var number) && number > 0 ? number : throw new InvalidReference(name, $"'{name}' must be a positive whole number.")
        : null;
}
