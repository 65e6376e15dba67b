using Campaign.Campaigns;
using Campaign.Defendants;
using Marten;

namespace Campaign.Auditing.Views;

public static class Projections
{
    /// <summary>Rebuilds every view from the events alone: the defendant views and the campaign views.</summary>
    public static async Task RebuildAll(IDocumentStore store, CancellationToken ct)
    {
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync<DefendantView>(TimeSpan.FromMinutes(10), ct);
        await daemon.RebuildProjectionAsync<CampaignView>(TimeSpan.FromMinutes(10), ct);
    }
}
