using Marten;
using Marten.Events.Projections;

namespace Campaign.Auditing.Views;

public static class Projections
{
    /// <summary>
    /// Rebuilds every projection from the events alone (the defendants' and campaigns' write models and views, and the
    /// public events the feed serves), all at once: each replays the events on its own, so that the rebuild uses every
    /// core there is.
    /// </summary>
    public static async Task RebuildAll(IDocumentStore store, CancellationToken ct)
    {
        using var daemon = await store.BuildProjectionDaemonAsync();
        var names = ((DocumentStore)store).Options.Projections.All.Select(p => p.Name).Distinct();
        await Task.WhenAll(names.Select(name => daemon.RebuildProjectionAsync(name, TimeSpan.FromMinutes(10), ct)));
    }

    /// <summary>
    /// During a rebuild, the views changed are kept in memory and written together once 10,000 of them have changed,
    /// rather than read and written again for every page of 500 events that touches them: a case's developments are
    /// spread over the history, so without this each view is rewritten about once per development. Continuous
    /// projection is unaffected. Call after registering the views.
    /// </summary>
    public static void WriteViewsInBatchesOnRebuild(ProjectionOptions projections)
    {
        foreach (var projection in projections.All) projection.Options.RebuildFlushThreshold = 10_000;
    }
}
