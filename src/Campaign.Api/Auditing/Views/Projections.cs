using Marten;

namespace Campaign.Auditing.Views;

public static class Projections
{
    /// <summary>Rebuilds every projection from the events alone: the defendant and campaign views, and the public events the feed serves.</summary>
    public static async Task RebuildAll(IDocumentStore store, CancellationToken ct)
    {
        using var daemon = await store.BuildProjectionDaemonAsync();
        foreach (var name in ((DocumentStore)store).Options.Projections.All.Select(p => p.Name).Distinct())
            await daemon.RebuildProjectionAsync(name, TimeSpan.FromMinutes(10), ct);
    }
}
