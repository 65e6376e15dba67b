using Campaign.Alerts.Settings;
using Campaign.Defendants;

namespace Campaign.Alerts;

/// <summary>
/// Which alerts a defendant's current facts make due on a day, and the next day on which another one falls due. Days are
/// UTC days of the service's clock. For one deadline, the nearest lead time reached is the one that alerts: a hearing
/// recorded 3 days ahead alerts once as "7 days ahead" (in 3 days), then once at 1 day ahead.
/// </summary>
public static class DueAlerts
{
    public static IReadOnlyList<IAlert> On(Defendant defendant, AlertSettings settings, DateOnly today) =>
        Candidates(defendant, settings, today).Where(a => !defendant.Alerted.Contains(a.Key)).ToList();

    /// <summary>The first day after <paramref name="today"/> on which a lead time, a term's end or a quiet spell is reached.</summary>
    public static DateOnly? NextOn(Defendant defendant, AlertSettings settings, DateOnly today)
    {
        var days = new List<DateOnly>();
        foreach (var hearing in defendant.Hearings) days.AddRange(settings.HearingDaysAhead.Select(lead => hearing.On.AddDays(-lead)));
        if (defendant.Term is { } term)
            days.AddRange([.. settings.TermDaysAhead.Select(lead => term.EndsOn.AddDays(-lead)), term.EndsOn.AddDays(1)]);
        if (QuietFrom(defendant, settings) is { } quiet) days.Add(quiet);
        return days.Where(d => d > today).Order().Select(d => (DateOnly?)d).FirstOrDefault();
    }

    private static IEnumerable<IAlert> Candidates(Defendant d, AlertSettings settings, DateOnly today)
    {
        foreach (var hearing in d.Hearings)
            if (NearestLead(hearing.On, settings.HearingDaysAhead, today) is { } lead)
            {
                var ahead = hearing.On.DayNumber - today.DayNumber;
                yield return new HearingApproaching(d.Id, d.CampaignId, hearing.HearingId, hearing.On, ahead, lead,
                    $"{hearing.Purpose} in {hearing.City} {In(ahead)}, on {hearing.On:yyyy-MM-dd}.", [hearing.ScheduledBy]);
            }

        if (d.Term is { } term && NearestLead(term.EndsOn, settings.TermDaysAhead, today) is { } termLead)
        {
            var left = term.EndsOn.DayNumber - today.DayNumber;
            yield return new CustodyTermEnding(d.Id, d.CampaignId, term.Status, term.EndsOn, left, termLead,
                $"The custody term ends {In(left)}, on {term.EndsOn:yyyy-MM-dd}.", term.RestsOn);
        }
        if (d.Term is { } overdue && today > overdue.EndsOn)
            yield return new CustodyTermOverdue(d.Id, d.CampaignId, overdue.Status, overdue.EndsOn,
                $"The custody term ended on {overdue.EndsOn:yyyy-MM-dd} and no extension, release or verdict is recorded: check.", overdue.RestsOn);

        if (QuietFrom(d, settings) is { } quiet && today >= quiet)
            yield return new CaseGoneQuiet(d.Id, d.CampaignId, d.LastDevelopment!.OccurredOn, today.DayNumber - d.LastDevelopment.OccurredOn.DayNumber,
                $"No development since {d.LastDevelopment.OccurredOn:yyyy-MM-dd}.", [d.LastDevelopment]);
    }

    /// <summary>The smallest lead time already reached on the way to <paramref name="deadline"/>; none once it has passed.</summary>
    private static int? NearestLead(DateOnly deadline, IReadOnlyList<int> leads, DateOnly today) =>
        today > deadline ? null : leads.Where(lead => deadline.AddDays(-lead) <= today).Order().Select(lead => (int?)lead).FirstOrDefault();

    /// <summary>A released defendant's case is not expected to move; any other goes quiet after the campaign's number of days.</summary>
    private static DateOnly? QuietFrom(Defendant d, AlertSettings settings) =>
        d.LastDevelopment is { } last && d.CurrentCustody is not CustodyStatus.Released ? last.OccurredOn.AddDays(settings.QuietAfterDays) : null;

    private static string In(int days) => days switch { 0 => "today", 1 => "tomorrow", _ => $"in {days} days" };
}
