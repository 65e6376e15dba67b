using Campaign.Campaigns;
using Campaign.Infrastructure.Writing;
using Campaign.StaffConsole.Forms;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace Campaign.StaffConsole.Campaigns.Recording;

/// <summary>A form of a campaign's, opened on the version of the campaign's own stream.</summary>
public abstract class CampaignForm<TInput>(Commands commands, Meanwhile meanwhile, IQuerySession session)
    : FormPage<TInput>(commands, meanwhile) where TInput : class, new()
{
    [FromRoute] public Guid CampaignId { get; set; }
    public string CampaignName { get; private set; } = "";

    protected IQuerySession Session => session;

    protected override async Task<bool> Load(CancellationToken ct)
    {
        if (await session.LoadAsync<CampaignState>(CampaignId, ct) is not { } campaign) return false;
        // The campaign view is built a moment after each write; the stream itself is read in the write's transaction.
        CampaignName = (await session.LoadAsync<CampaignView>(CampaignId, ct))?.Name ?? "the campaign";
        Version = campaign.Version;
        return true;
    }
}
