using Campaign.Campaigns;
using Campaign.Campaigns.Launching;
using Campaign.Defendants;
using Campaign.Defendants.ChangingCustody;
using Campaign.Defendants.RecordingDetention;
using Campaign.Defendants.Registering;
using Campaign.Developments;
using Campaign.Infrastructure;
using Marten;
using Npgsql;

namespace Campaign.Benchmarks;

/// <summary>Fills the store with campaigns of 20 defendants of 25 events each, as the service would have written them.</summary>
public static class Seed
{
    public static async Task To(string connectionString, int events)
    {
        // The same wire format and event types, without the inline projection: the rebuild is what is measured.
        using var store = DocumentStore.For(options =>
        {
            EventStore.Configure(options, connectionString);
            options.Projections.All.Clear();
        });
        var source = new Source(null, "Benchmark wire", new DateOnly(2026, 1, 22));
        while (await Count(connectionString) < events)
        {
            await using var session = store.LightweightSession();
            for (var c = 0; c < 20; c++) AddCampaign(session, source);
            await session.SaveChangesAsync();
        }
    }

    private static void AddCampaign(IDocumentSession session, Source source)
    {
        var campaign = Guid.CreateVersion7();
        session.Events.StartStream<CampaignView>(campaign, new CampaignLaunched(campaign, "Seeded", "Kazakhstan", null, null));
        for (var d = 0; d < 20; d++)
        {
            var id = Guid.CreateVersion7();
            var stream = new List<object> { new DefendantRegistered(id, campaign, $"Seeded defendant {d}", null) };
            for (var e = 1; e < 25; e++)
                stream.Add(e % 2 == 1
                    ? new DetentionRecorded(id, campaign, new DateOnly(2025, 11, 13), "Almaty region", "Police", CustodyStatus.PoliceCustody, source)
                    : new CustodyStatusChanged(id, campaign, CustodyStatus.PretrialDetention, null, null, new DateOnly(2026, 1, 22), source));
            session.Events.StartStream<DefendantView>(id, stream.ToArray());
        }
    }

    public static async Task<IReadOnlyList<Guid>> SomeDefendants(IDocumentStore store, int count)
    {
        await using var session = store.QuerySession();
        return await session.Query<DefendantView>().Take(count).Select(d => d.Id).ToListAsync();
    }

    private static async Task<long> Count(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return (long)(await new NpgsqlCommand("select count(*) from mt_events", connection).ExecuteScalarAsync())!;
    }
}

public static class Rebuild
{
    /// <summary>Rebuilds the defendant and campaign views from every event; answers events per second for the two together.</summary>
    public static async Task<double> All(IDocumentStore store)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().CountAsync();
        var (_, elapsed) = await Measure.Time(async () =>
        {
            await Campaign.Auditing.Views.Projections.RebuildAll(store, CancellationToken.None);
            return 0;
        });
        return events / elapsed.TotalSeconds;
    }
}
