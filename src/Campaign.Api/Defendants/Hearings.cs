using Campaign.Confidentiality;
namespace Campaign.Defendants;

/// <summary>
/// A hearing a defendant is summoned to. Defendants tried together share the hearing id.
/// The date may not be announced yet.
/// </summary>
public sealed record Hearing(
    [property: Public] Guid HearingId,
    [property: Public] Guid EventId,
    [property: Public] DateOnly? ScheduledFor,
    [property: Public] string? Court,
    [property: Public] string City,
    [property: Public] string Purpose,
    [property: Public] DateOnly ScheduledOn);

public static class HearingsExtensions
{
    /// <summary>The earliest hearing still ahead on <paramref name="today"/>; one whose date is not yet announced comes after dated ones.</summary>
    public static Hearing? Next(this IEnumerable<Hearing> hearings, DateOnly today) =>
        hearings.Where(h => h.ScheduledFor is null || h.ScheduledFor >= today)
            .OrderBy(h => h.ScheduledFor ?? DateOnly.MaxValue)
            .FirstOrDefault();
}
