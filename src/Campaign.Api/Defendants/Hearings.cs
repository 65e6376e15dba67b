namespace Campaign.Defendants;

/// <summary>
/// A hearing a defendant is summoned to. Defendants tried together share the hearing id.
/// The date may not be announced yet.
/// </summary>
public sealed record Hearing(Guid HearingId, Guid EventId, DateOnly? ScheduledFor, string? Court, string City, string Purpose, DateOnly ScheduledOn);

public static class HearingsExtensions
{
    /// <summary>The earliest hearing still ahead on <paramref name="today"/>; one whose date is not yet announced comes after dated ones.</summary>
    public static Hearing? Next(this IEnumerable<Hearing> hearings, DateOnly today) =>
        hearings.Where(h => h.ScheduledFor is null || h.ScheduledFor >= today)
            .OrderBy(h => h.ScheduledFor ?? DateOnly.MaxValue)
            .FirstOrDefault();
}
