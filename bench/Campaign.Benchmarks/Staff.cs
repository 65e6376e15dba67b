using System.Text.Json;
using Campaign.Defendants.RecordingDetention;

namespace Campaign.Benchmarks;

/// <summary>Someone at work through the API: launching campaigns, registering defendants, recording developments.</summary>
public sealed class Staff(Client client, string detentionJson)
{
    public Client Client => client;

    public async Task<Guid> Launch() =>
        (await client.Post("/api/campaigns", """{"name":"Benchmark","country":"Kazakhstan"}""")).GetProperty("id").GetGuid();

    /// <summary>One at a time: each registration is checked against its campaign.</summary>
    public async Task<List<Guid>> Register(Guid campaign, int count)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
            ids.Add((await client.Post($"/api/campaigns/{campaign}/defendants", $$"""{"displayName":"Defendant {{i}}"}""")).GetProperty("id").GetGuid());
        return ids;
    }

    /// <summary>Cases as they come: new campaigns of up to 20 defendants, registered side by side.</summary>
    public async Task<List<Guid>> Cases(int defendants)
    {
        var campaigns = new List<(Guid Id, int Defendants)>();
        for (var left = defendants; left > 0; left -= 20) campaigns.Add((await Launch(), Math.Min(20, left)));
        var registered = await Task.WhenAll(campaigns.Select(c => Register(c.Id, c.Defendants)));
        return registered.SelectMany(ids => ids).ToList();
    }

    /// <summary>
    /// <paramref name="count"/> detentions spread over <paramref name="defendants"/>, by up to 8 clients at once, each
    /// with defendants of its own; answers requests per second.
    /// </summary>
    public Task<double> RecordDetentions(IReadOnlyList<Guid> defendants, int count, Latencies? latencies = null)
    {
        var workers = Math.Min(8, defendants.Count);
        return Measure.Rate(count, workers, (worker, i) =>
            client.Post($"/api/defendants/{Measure.Owned(defendants, worker, i, workers)}/detentions", detentionJson), latencies);
    }

    /// <summary>Campaigns of 19 defendants, with the body that tells all 19 of one development at once.</summary>
    public async Task<List<(Guid Campaign, string Body)>> BulkCases(int campaigns, RecordDetention detention)
    {
        var cases = new List<(Guid, string)>();
        for (var c = 0; c < campaigns; c++)
        {
            var campaign = await Launch();
            var body = JsonSerializer.Serialize(new { defendantIds = await Register(campaign, 19), detention }, Workload.Json);
            cases.Add((campaign, body));
        }
        return cases;
    }

    /// <summary>Ten bulk developments per campaign, one request at a time; answers requests per second.</summary>
    public Task<double> RecordBulks(IReadOnlyList<(Guid Campaign, string Body)> cases) =>
        Measure.Rate(cases.Count * 10, 1, (_, i) => client.Post($"/api/campaigns/{cases[i % cases.Count].Campaign}/developments", cases[i % cases.Count].Body));
}
