using Campaign.Campaigns.IssuingStatements;
using Campaign.Campaigns.Launching;
using Campaign.Defendants;
using Campaign.Retracting;
using JasperFx.Events;
using Marten.Events.Projections;

namespace Campaign.Campaigns;

/// <summary>Routes the campaign's events and its defendants' events to the campaign's view; the folding is <see cref="CampaignView.Fold"/>.</summary>
public sealed class CampaignViewProjection : MultiStreamProjection<CampaignView, Guid>
{
    public CampaignViewProjection()
    {
        Identity<CampaignLaunched>(e => e.CampaignId);
        Identity<StatementIssued>(e => e.CampaignId);
        Identity<IDefendantEvent>(e => e.CampaignId);
        Identity<DevelopmentRetracted>(e => e.CampaignId);
    }

    public override CampaignView? Evolve(CampaignView? view, Guid id, IEvent e)
    {
        if (view is null && e.Data is not CampaignLaunched) return null;
        view ??= new CampaignView();
        view.Fold(e);
        return view;
    }
}
