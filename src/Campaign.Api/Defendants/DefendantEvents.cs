using Campaign.Developments;

namespace Campaign.Defendants;

/// <summary>A fact on a defendant's stream. It names its campaign so campaign views can follow it.</summary>
public interface IDefendantEvent
{
    Guid DefendantId { get; }
    Guid CampaignId { get; }
}

/// <summary>A dated, sourced development in a defendant's case.</summary>
public interface IDefendantDevelopment : IDefendantEvent, IDevelopment;
