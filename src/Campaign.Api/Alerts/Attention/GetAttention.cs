using System.Security.Claims;
using Campaign.Access;
using Campaign.Alerts.Settings;
using Campaign.Campaigns;
using Campaign.Confidentiality;
using Campaign.Defendants;
using Campaign.Infrastructure.Writing;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Campaign.Alerts.Attention;

public enum AttentionKind { HearingApproaching, CustodyTermEnding, CustodyTermOverdue, CaseGoneQuiet }

/// <summary>Something in a defendant's case that needs attention on a day.</summary>
public sealed record AttentionItem(
    [property: Public] AttentionKind Kind,
    [property: Public] DateOnly On,
    [property: Public] Guid CampaignId,
    [property: Public] Guid DefendantId,
    [property: Public] string DefendantName,
    [property: Public] string Reason,
    [property: Public] IReadOnlyList<SourcedFact> RestsOn);

/// <summary>What needs attention from <see cref="From"/> to <see cref="To"/>, by day.</summary>
public sealed record AttentionList(
    [property: Public] DateOnly From,
    [property: Public] DateOnly To,
    [property: Public] IReadOnlyList<AttentionItem> Items);

public static class Attention
{
    public const int MaxDays = 92;

    /// <summary>
    /// Hearings and ends of custody terms falling in the days asked, terms already passed with nothing recorded since, and
    /// cases gone quiet by the last day: from the current facts, whether or not an alert was raised yet.
    /// </summary>
    public static async Task<AttentionList> For(ClaimsPrincipal reader, DateOnly from, DateOnly to, IQuerySession session, CancellationToken ct)
    {
        var query = session.Query<DefendantView>().AsQueryable();
        if (reader.VisibleCampaigns() is { } visible) query = query.Where(d => visible.Contains(d.CampaignId));
        var defendants = await query.ToListAsync(ct);
        var settings = (await session.LoadManyAsync<CampaignState>(ct, defendants.Select(d => d.CampaignId).Distinct()))
            .ToDictionary(c => c.Id, c => c.Alerts);
        var items = defendants.SelectMany(d => Of(d, settings.GetValueOrDefault(d.CampaignId) ?? AlertSettings.Default, from, to));
        return new AttentionList(from, to, items.OrderBy(i => i.On).ThenBy(i => i.DefendantName).ToList());
    }

    private static IEnumerable<AttentionItem> Of(DefendantView d, AlertSettings settings, DateOnly from, DateOnly to)
    {
        AttentionItem Item(AttentionKind kind, DateOnly on, string reason, IReadOnlyList<SourcedFact> restsOn) =>
            new(kind, on, d.CampaignId, d.Id, d.DisplayName, reason, restsOn);

        foreach (var hearing in d.HearingDates.Where(h => h.On >= from && h.On <= to))
            yield return Item(AttentionKind.HearingApproaching, hearing.On, $"{hearing.Purpose} in {hearing.City}", [hearing.ScheduledBy]);
        if (d.Term is { } term && term.EndsOn >= from && term.EndsOn <= to)
            yield return Item(AttentionKind.CustodyTermEnding, term.EndsOn, "The custody term ends", term.RestsOn);
        if (d.Term is { } passed && passed.EndsOn < from)
            yield return Item(AttentionKind.CustodyTermOverdue, passed.EndsOn, "The custody term ended; no extension, release or verdict is recorded",
                passed.RestsOn);
        if (d.LastDevelopment is { } last && d.Custody?.Status is not CustodyStatus.Released && last.OccurredOn.AddDays(settings.QuietAfterDays) <= to)
            yield return Item(AttentionKind.CaseGoneQuiet, last.OccurredOn.AddDays(settings.QuietAfterDays),
                $"No development since {last.OccurredOn:yyyy-MM-dd}", [last]);
    }
}

public static class GetAttentionEndpoint
{
    /// <summary>What needs attention in the campaigns the caller may read: by default this week, today and the 6 days after.</summary>
    /// <param name="from">The first day (default today, by the service's clock).</param>
    /// <param name="to">The last day (default 6 days after <paramref name="from"/>; at most 92 days after it).</param>
    [WolverineGet("/api/attention", OperationId = "GetAttention"), Authorize(Policy = Policies.Read)]
    public static Task<AttentionList> Get(DateOnly? from, DateOnly? to, ClaimsPrincipal reader, IQuerySession session, TimeProvider clock,
        CancellationToken ct)
    {
        var first = from ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var last = to ?? first.AddDays(6);
        if (last < first) throw new InvalidReference("to", "'to' must not be before 'from'.");
        if (last.DayNumber - first.DayNumber > Attention.MaxDays) throw new InvalidReference("to", $"At most {Attention.MaxDays} days at once.");
        return Attention.For(reader, first, last, session, ct);
    }
}
