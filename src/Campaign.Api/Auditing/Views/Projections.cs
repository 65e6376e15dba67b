using Campaign.Campaigns;
using Campaign.Defendants;
using Marten;

namespace Campaign.Auditing.Views;

public static class Projections
{
    /// <summary>Rebuilds every view and write model from the events alone: defendants' and campaigns'.</summary>
    public static async Task RebuildAll(IDocumentStore store, CancellationToken ct)
    {
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync<Defendant>(TimeSpan.FromMinutes(10), ct);
        await daemon.RebuildProjectionAsync<CampaignState>(TimeSpan.FromMinutes(10), ct);
        await daemon.RebuildProjectionAsync<DefendantView>(TimeSpan.FromMinutes(10), ct);
        await daemon.RebuildProjectionAsync<CampaignView>(TimeSpan.FromMinutes(10), ct);
    }
}
