using System.Text.Json.Serialization;
using Campaign.Confidentiality;
using Campaign.Defendants;
using Campaign.Partners.Contracts;

namespace Campaign.Alerts;

/// <summary>
/// Something in a defendant's case needs attention by a day, raised by the service (recorded as by <see cref="Checking.SystemUser"/>)
/// when a scheduled check finds it due. Not a development: it states no fact of the case, cannot be retracted, and does
/// not count as news of the case. It cites the facts it rests on by their public parts only, so it carries nothing confidential.
/// </summary>
public interface IAlert : IDefendantEvent
{
    /// <summary>The deadline and lead time it is about: the defendant's stream raises each key once.</summary>
    string Key { get; }

    string Reason { get; }
    IReadOnlyList<SourcedFact> RestsOn { get; }
}

[PublicEvent("hearing-approaching.v1")]
public sealed record HearingApproaching(
    [property: Public] Guid DefendantId,
    [property: Public] Guid CampaignId,
    [property: Public] Guid HearingId,
    [property: Public] DateOnly HearingOn,
    [property: Public] int DaysAhead,
    [property: Public] int LeadDays,
    [property: Public] string Reason,
    [property: Public] IReadOnlyList<SourcedFact> RestsOn) : IAlert, IPublicEvent
{
    [JsonIgnore, Public] public string Key => $"hearing-approaching:{HearingId}:{HearingOn:yyyy-MM-dd}:{LeadDays}";

    public PublicContract ToContract() => new(PublicContract.Defendant(DefendantId),
        new HearingApproachingV1(DefendantId, CampaignId, HearingId, HearingOn, DaysAhead, LeadDays, Reason, RestsOn));
}

/// <summary>Version 1 of what partners receive of it; change it only by adding a v2 beside it.</summary>
public sealed record HearingApproachingV1(
    Guid DefendantId, Guid CampaignId, Guid HearingId, DateOnly HearingOn, int DaysAhead, int LeadDays, string Reason,
    IReadOnlyList<SourcedFact> RestsOn);

[PublicEvent("custody-term-ending.v1")]
public sealed record CustodyTermEnding(
    [property: Public] Guid DefendantId,
    [property: Public] Guid CampaignId,
    [property: Public] CustodyStatus Status,
    [property: Public] DateOnly TermEndsOn,
    [property: Public] int DaysLeft,
    [property: Public] int LeadDays,
    [property: Public] string Reason,
    [property: Public] IReadOnlyList<SourcedFact> RestsOn) : IAlert, IPublicEvent
{
    [JsonIgnore, Public] public string Key => $"custody-term-ending:{TermEndsOn:yyyy-MM-dd}:{LeadDays}";

    public PublicContract ToContract() => new(PublicContract.Defendant(DefendantId),
        new CustodyTermEndingV1(DefendantId, CampaignId, Status, TermEndsOn, DaysLeft, LeadDays, Reason, RestsOn));
}

/// <summary>Version 1 of what partners receive of it; change it only by adding a v2 beside it.</summary>
public sealed record CustodyTermEndingV1(
    Guid DefendantId, Guid CampaignId, CustodyStatus Status, DateOnly TermEndsOn, int DaysLeft, int LeadDays, string Reason,
    IReadOnlyList<SourcedFact> RestsOn);

/// <summary>The term has passed and no extension, release, other custody or verdict is recorded: check what became of the defendant.</summary>
[PublicEvent("custody-term-overdue.v1")]
public sealed record CustodyTermOverdue(
    [property: Public] Guid DefendantId,
    [property: Public] Guid CampaignId,
    [property: Public] CustodyStatus Status,
    [property: Public] DateOnly TermEndedOn,
    [property: Public] string Reason,
    [property: Public] IReadOnlyList<SourcedFact> RestsOn) : IAlert, IPublicEvent
{
    [JsonIgnore, Public] public string Key => $"custody-term-overdue:{TermEndedOn:yyyy-MM-dd}";

    public PublicContract ToContract() => new(PublicContract.Defendant(DefendantId),
        new CustodyTermOverdueV1(DefendantId, CampaignId, Status, TermEndedOn, Reason, RestsOn));
}

/// <summary>Version 1 of what partners receive of it; change it only by adding a v2 beside it.</summary>
public sealed record CustodyTermOverdueV1(
    Guid DefendantId, Guid CampaignId, CustodyStatus Status, DateOnly TermEndedOn, string Reason, IReadOnlyList<SourcedFact> RestsOn);

/// <summary>No development has been recorded for the defendant for <see cref="QuietDays"/> days.</summary>
[PublicEvent("case-gone-quiet.v1")]
public sealed record CaseGoneQuiet(
    [property: Public] Guid DefendantId,
    [property: Public] Guid CampaignId,
    [property: Public] DateOnly LastDevelopmentOn,
    [property: Public] int QuietDays,
    [property: Public] string Reason,
    [property: Public] IReadOnlyList<SourcedFact> RestsOn) : IAlert, IPublicEvent
{
    [JsonIgnore, Public] public string Key => $"case-gone-quiet:{LastDevelopmentOn:yyyy-MM-dd}";

    public PublicContract ToContract() => new(PublicContract.Defendant(DefendantId),
        new CaseGoneQuietV1(DefendantId, CampaignId, LastDevelopmentOn, QuietDays, Reason, RestsOn));
}

/// <summary>Version 1 of what partners receive of it; change it only by adding a v2 beside it.</summary>
public sealed record CaseGoneQuietV1(
    Guid DefendantId, Guid CampaignId, DateOnly LastDevelopmentOn, int QuietDays, string Reason, IReadOnlyList<SourcedFact> RestsOn);
