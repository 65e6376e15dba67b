using System.Text.Json.Nodes;
using Campaign.Auditing.TimeTravel;
using Campaign.Campaigns;
using Campaign.Defendants;
using Marten;

namespace Campaign.Auditing.Views;

/// <summary>Where a live view and the same view rebuilt from the events disagree.</summary>
public sealed record ViewDifference(string View, Guid Id, string Path, string? Live, string? Rebuilt);

/// <summary>
/// Rebuilds every view from the events into a shadow (in memory, with the live fold code) and compares it with the live one,
/// as stored: a view's history, which is read from the events and never stored, is left out of both.
/// </summary>
public sealed class ViewVerifier(IDocumentStore store, PastViews past)
{
    public async Task<IReadOnlyList<ViewDifference>> Compare(CancellationToken ct)
    {
        var differences = new List<ViewDifference>();
        await using var session = store.QuerySession();
        var now = new Moment(null, null, null, null);
        foreach (var live in await session.Query<DefendantView>().ToListAsync(ct))
            differences.AddRange(Diff(nameof(DefendantView), live.Id, live, await past.Defendant(live.Id, now, ct)));
        foreach (var live in await session.Query<CampaignView>().ToListAsync(ct))
            differences.AddRange(Diff(nameof(CampaignView), live.Id, live, await past.Campaign(live.Id, now, ct)));
        return differences;
    }

    private IEnumerable<ViewDifference> Diff(string view, Guid id, object live, object? rebuilt)
    {
        var stored = store.Options.Serializer();
        var left = JsonNode.Parse(stored.ToJson(live));
        var right = rebuilt is null ? null : JsonNode.Parse(stored.ToJson(rebuilt));
        return Differences("$", left, right).Select(d => new ViewDifference(view, id, d.Path, d.Live, d.Rebuilt));
    }

    private static IEnumerable<(string Path, string? Live, string? Rebuilt)> Differences(string path, JsonNode? live, JsonNode? rebuilt)
    {
        if (live is JsonObject a && rebuilt is JsonObject b)
            return a.Select(p => p.Key).Union(b.Select(p => p.Key)).SelectMany(key => Differences($"{path}.{key}", a[key], b[key]));
        if (live is JsonArray x && rebuilt is JsonArray y && x.Count == y.Count)
            return x.Select((item, i) => (item, i)).SelectMany(p => Differences($"{path}[{p.i}]", p.item, y[p.i]));
        return JsonNode.DeepEquals(live, rebuilt) ? [] : [(path, live?.ToJsonString(), rebuilt?.ToJsonString())];
    }
}
