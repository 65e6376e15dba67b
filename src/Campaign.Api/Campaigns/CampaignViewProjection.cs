using Campaign.Campaigns.IssuingStatements;
using Campaign.Campaigns.Launching;
using Campaign.Defendants;
using Campaign.Defendants.ChangingCustody;
using Campaign.Defendants.DeliveringVerdicts;
using Campaign.Defendants.DroppingCharges;
using Campaign.Defendants.EscalatingCharges;
using Campaign.Defendants.FilingCharges;
using Campaign.Defendants.RecordingDetention;
using Campaign.Defendants.Registering;
using Campaign.Defendants.Releasing;
using Campaign.Defendants.SchedulingHearings;
using Campaign.Retracting;
using JasperFx.Events;
using Marten.Events.Projections;

namespace Campaign.Campaigns;

/// <summary>Routes the campaign's events and its defendants' events to the campaign's view; the folding is in <see cref="CampaignView.Fold"/>.</summary>
public sealed partial class CampaignViewProjection : MultiStreamProjection<CampaignView, Guid>
{
    public CampaignViewProjection()
    {
        Identity<CampaignLaunched>(e => e.CampaignId);
        Identity<StatementIssued>(e => e.CampaignId);
        Identity<IDefendantEvent>(e => e.CampaignId);
        Identity<DevelopmentRetracted>(e => e.CampaignId);
    }

    public CampaignView Create(IEvent<CampaignLaunched> e) => Folded(new CampaignView(), e);
    public void Apply(CampaignView view, IEvent<StatementIssued> e) => view.Fold(e);
    public void Apply(CampaignView view, IEvent<DefendantRegistered> e) => view.Fold(e);
    public void Apply(CampaignView view, IEvent<DetentionRecorded> e) => view.Fold(e);
    public void Apply(CampaignView view, IEvent<ChargeFiled> e) => view.Fold(e);
    public void Apply(CampaignView view, IEvent<ChargeEscalated> e) => view.Fold(e);
    public void Apply(CampaignView view, IEvent<CustodyStatusChanged> e) => view.Fold(e);
    public void Apply(CampaignView view, IEvent<HearingScheduled> e) => view.Fold(e);
    public void Apply(CampaignView view, IEvent<VerdictDelivered> e) => view.Fold(e);
    public void Apply(CampaignView view, IEvent<ChargesDropped> e) => view.Fold(e);
    public void Apply(CampaignView view, IEvent<Released> e) => view.Fold(e);
    public void Apply(CampaignView view, IEvent<DevelopmentRetracted> e) => view.Fold(e);

    private static CampaignView Folded(CampaignView view, IEvent e)
    {
        view.Fold(e);
        return view;
    }
}
