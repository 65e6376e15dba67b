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
