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
    /// <summary>Adds campaigns until the store holds <paramref name="events"/> events; answers the defendants added.</summary>
    public static async Task<List<Guid>> To(string connectionString, int events)
    {
        // The same wire format and event types, without the inline projection: the rebuild is what is measured.
        using var store = DocumentStore.For(options =>
        {
            EventStore.Configure(options, connectionString);
            options.Projections.All.Clear();
        });
        var source = new Source(null, "Benchmark wire", new DateOnly(2026, 1, 22));
        var defendants = new List<Guid>();
        while (await Count(connectionString) < events)
        {
            await using var session = store.LightweightSession();
            for (var c = 0; c < 20; c++) defendants.AddRange(AddCampaign(session, source));
            await session.SaveChangesAsync();
        }
        return defendants;
    }

    private static List<Guid> AddCampaign(IDocumentSession session, Source source)
    {
        var campaign = Guid.CreateVersion7();
        session.Events.StartStream<CampaignView>(campaign, new CampaignLaunched(campaign, "Seeded", "Kazakhstan", null, null));
        var defendants = new List<Guid>();
        for (var d = 0; d < 20; d++)
        {
            var id = Guid.CreateVersion7();
            session.Events.StartStream<DefendantView>(id,
                [new DefendantRegistered(id, campaign, $"Seeded defendant {d}", null), .. Developments(id, campaign, source, 24)]);
            defendants.Add(id);
        }
        return defendants;
    }

    /// <summary>A detention and a custody change in turn.</summary>
    public static object[] Developments(Guid defendant, Guid campaign, Source source, int count) =>
        Enumerable.Range(0, count).Select(e => e % 2 == 0
            ? (object)new DetentionRecorded(defendant, campaign, new DateOnly(2025, 11, 13), "Almaty region", "Police", CustodyStatus.PoliceCustody, source)
            : new CustodyStatusChanged(defendant, campaign, CustodyStatus.PretrialDetention, null, null, new DateOnly(2026, 1, 22), source)).ToArray();

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
