using System.Globalization;
using System.Security.Claims;
using Campaign.Access;
using Campaign.Auditing.History;
using Campaign.Auditing.TimeTravel;
using Campaign.Campaigns;
using Campaign.Confidentiality;
using Campaign.Defendants;
using Marten;

namespace Campaign.StaffConsole;

/// <summary>
/// What the pages show, read as the API's GET endpoints read it: the live view or one folded from the past by
/// <see cref="PastViews"/>, shaped for the reader by <see cref="Disclosure"/>, so a page never shows more than the API would.
/// </summary>
public sealed class ConsoleViews(IQuerySession session, PastViews past, Disclosure disclosure, PersonalData personalData)
{
    public async Task<CampaignView?> Campaign(Guid id, DateOnly? asOf, ClaimsPrincipal reader, CancellationToken ct)
    {
        var moment = MomentOf(asOf);
        moment.EnsureMayBeSeenBy(reader);
        var view = moment.IsNow ? await session.LoadAsync<CampaignView>(id, ct) : await past.Campaign(id, moment, ct);
        return view is null ? null : await disclosure.Shape(view, reader, ct);
    }

    public async Task<DefendantView?> Defendant(Guid id, DateOnly? asOf, ClaimsPrincipal reader, CancellationToken ct)
    {
        var moment = MomentOf(asOf);
        moment.EnsureMayBeSeenBy(reader);
        var view = await past.Defendant(id, moment, ct); // folded from the events: the stored view keeps no custody history
        return view is null ? null : await disclosure.Shape(view, reader, ct);
    }

    /// <summary>Every event of a stream recorded by the end of <paramref name="asOf"/>, with the retractions recorded by then.</summary>
    public async Task<IReadOnlyList<HistoryEntry>> History(Guid streamId, DateOnly? asOf, CancellationToken ct)
    {
        var upTo = MomentOf(asOf).RecordedUpTo ?? DateTimeOffset.MaxValue;
        var events = (await session.Events.FetchStreamAsync(streamId, token: ct)).Where(e => e.Timestamp <= upTo).ToList();
        var history = HistoryEntry.Of(events, events);
        await personalData.Open(history, ct);
        return history;
    }

    /// <summary>Auditors and admins may see the past, as in the API.</summary>
    public static bool MayTravel(ClaimsPrincipal reader) => reader.IsInRole(Role.Auditor.RoleName()) || reader.IsInRole(Role.Admin.RoleName());

    /// <summary>Staff and admins record developments; auditors read only.</summary>
    public static bool MayWrite(ClaimsPrincipal reader) => reader.IsInRole(Role.Staff.RoleName()) || reader.IsInRole(Role.Admin.RoleName());

    /// <summary>"As of a day": as the system showed it at the end of that day (UTC).</summary>
    public static Moment MomentOf(DateOnly? asOf) => asOf is { } day
        ? new Moment(new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddTicks(-1), null, null, null)
        : new Moment(null, null, null, null);

    public static DateOnly? Day(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
