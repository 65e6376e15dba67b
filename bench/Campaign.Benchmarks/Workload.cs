using System.Text.Json;
using System.Text.Json.Serialization;
using Campaign.Defendants;
using Campaign.Defendants.RecordingDetention;
using Campaign.Defendants.Registering;
using Campaign.Developments;
using Campaign.Infrastructure.Writing;
using Marten;

namespace Campaign.Benchmarks;

/// <summary>The development every append records, as a request body and as an event; and the writes made through Marten directly.</summary>
public sealed class Workload
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public Workload(IDocumentStore store)
    {
        Detention = new RecordDetention(new DateOnly(2025, 11, 13), "Almaty region", "Police", Source);
        DetentionJson = JsonSerializer.Serialize(Detention, Json);
        Payload = store.Options.Serializer().ToJson(Detained(Guid.NewGuid(), Guid.NewGuid()));
    }

    public Source Source { get; } = new(null, "Benchmark wire", new DateOnly(2026, 1, 22));
    public RecordDetention Detention { get; }
    public string DetentionJson { get; }

    /// <summary>The stored JSON of one detention event: what the raw baselines write.</summary>
    public string Payload { get; }

    public DetentionRecorded Detained(Guid defendant, Guid campaign) =>
        new(defendant, campaign, Detention.OccurredOn, Detention.Place, Detention.Authority, CustodyStatus.PoliceCustody, Source);

    /// <summary>Defendants registered through Marten, in no campaign: for the Marten path alone.</summary>
    public async Task<List<Guid>> Register(IDocumentStore store, int count)
    {
        var campaign = Guid.CreateVersion7();
        var ids = Enumerable.Range(0, count).Select(_ => Guid.CreateVersion7()).ToList();
        await using var session = store.LightweightSession();
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
            session.Events.StartStream<DefendantView>(id, new DefendantRegistered(id, campaign, $"Defendant {i}", null));
        await session.SaveChangesAsync();
        return ids;
    }

    /// <summary>
    /// One development appended as the service does it: the defendant's write model read and locked with its inline view in
    /// one batch, one event, one transaction.
    /// </summary>
    public async Task AppendThroughMarten(IDocumentStore store, Guid defendantId)
    {
        await using var session = store.LightweightSession();
        var batch = session.CreateBatchQuery();
        var fetched = batch.Events.FetchForExclusiveWriting<Defendant>(defendantId);
        InlineViews.ReadWith<Defendant>(session, batch, [defendantId]);
        await batch.Execute();
        var stream = await fetched;
        stream.AppendOne(Detained(stream.Aggregate!.Id, stream.Aggregate.CampaignId));
        await session.SaveChangesAsync();
    }

    /// <summary><paramref name="count"/> appends by 8 writers, each with defendants of its own; answers appends per second.</summary>
    public Task<double> AppendThroughMarten(IDocumentStore store, IReadOnlyList<Guid> defendants, int count) =>
        Measure.Rate(count, 8, (worker, i) => AppendThroughMarten(store, Measure.Owned(defendants, worker, i, 8)));

    /// <summary>A long history appended straight through Marten, for speed (the inline views follow, as for any append).</summary>
    public async Task AddHistory(IDocumentStore store, Guid defendant, Guid campaign, int developments)
    {
        await using var session = store.LightweightSession();
        session.Events.Append(defendant, Seed.Developments(defendant, campaign, Source, developments));
        await session.SaveChangesAsync();
    }
}
