using Campaign.Defendants;

namespace Campaign.Partners.Contracts;

// Version 1 of what partners receive. These records are the contract: change them only by adding a v2 beside them.

public sealed record CampaignLaunchedV1(Guid CampaignId, string Name, string Country, string? Region, string? Summary);

public sealed record DefendantRegisteredV1(Guid DefendantId, Guid CampaignId, string DisplayName);

public sealed record DetentionRecordedV1(
    Guid DefendantId, Guid CampaignId, DateOnly OccurredOn, string Place, string? Authority, CustodyStatus Custody, PublicSource Source);

public sealed record ChargeFiledV1(Guid DefendantId, Guid CampaignId, Guid ChargeId, PublicCharge Charge, DateOnly OccurredOn, PublicSource Source);

public sealed record ChargeEscalatedV1(
    Guid DefendantId, Guid CampaignId, Guid ReplacedChargeId, Guid ChargeId, PublicCharge Charge, string Reason, DateOnly OccurredOn,
    PublicSource Source);

public sealed record CustodyStatusChangedV1(
    Guid DefendantId, Guid CampaignId, CustodyStatus Status, string? Place, string? Conditions, DateOnly OccurredOn, PublicSource Source);

public sealed record HearingScheduledV1(
    Guid DefendantId, Guid CampaignId, Guid HearingId, DateOnly? ScheduledFor, string? Court, string City, string Purpose,
    DateOnly OccurredOn, PublicSource Source);

public sealed record VerdictDeliveredV1(
    Guid DefendantId, Guid CampaignId, IReadOnlyList<Guid> ChargeIds, VerdictOutcome Outcome, string? Sentence, string? Court,
    DateOnly OccurredOn, PublicSource Source);

public sealed record ChargesDroppedV1(
    Guid DefendantId, Guid CampaignId, IReadOnlyList<Guid> ChargeIds, string? Reason, DateOnly OccurredOn, PublicSource Source);

public sealed record ReleasedV1(Guid DefendantId, Guid CampaignId, string? Conditions, DateOnly OccurredOn, PublicSource Source);

public sealed record StatementIssuedV1(
    Guid CampaignId, Guid StatementId, string Organisation, string? Speaker, string? SpeakerRole, string? Quote, string? Summary,
    DateOnly OccurredOn, PublicSource Source);

/// <summary>A development taken back; partners drop what the retracted event told them. The reason stays internal.</summary>
public sealed record DevelopmentRetractedV1(Guid CampaignId, Guid StreamId, Guid RetractedEventId, string RetractedEventType);
