using Campaign.Alerts.Settings;
using Campaign.Campaigns.IssuingStatements;
using Campaign.Campaigns.Launching;
using Campaign.Infrastructure.Writing;
using Campaign.Retracting;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Campaign.Campaigns;

/// <summary>
/// What decisions about a campaign's own stream need: that it was launched, its version, what was retracted, and its
/// alert settings.
/// </summary>
public sealed class CampaignState : IWriteModel, IRetractable
{
    public static string Noun => "campaign";

    public Guid Id { get; set; }
    public long Version { get; set; }
    public List<Guid> Retracted { get; set; } = [];
    public AlertSettings Alerts { get; set; } = AlertSettings.Default;

    public Guid? ChargeActedOnAfter(Guid eventId) => null;
}

/// <summary>Evolves <see cref="CampaignState"/> inline, one line per event of a campaign's own stream.</summary>
public sealed class CampaignStateProjection : SingleStreamProjection<CampaignState, Guid>
{
    public CampaignStateProjection()
    {
        IncludeType<CampaignLaunched>();
        IncludeType<StatementIssued>();
        IncludeType<DevelopmentRetracted>();
        IncludeType<AlertSettingsChanged>();
    }

    public override CampaignState? Evolve(CampaignState? campaign, Guid id, IEvent e)
    {
        if (e.Data is CampaignLaunched) return new CampaignState { Id = id, Version = e.Version };
        if (campaign is null) return null; // a defendant's stream: a retraction of one of their developments
        campaign.Version = e.Version;
        if (e.Data is DevelopmentRetracted x) campaign.Retracted.Add(x.RetractedEventId);
        if (e.Data is AlertSettingsChanged changed) campaign.Alerts = changed.Settings;
        return campaign;
    }
}
