using System.Runtime.CompilerServices;
using Marten;

namespace Campaign.Auditing.Chain;

/// <summary>The chain as stored, for verification and export.</summary>
public sealed class AuditChain(IDocumentStore store, EventRows rows, AuditSigner signer)
{
    public string PublicKey => signer.PublicKey;

    public IAsyncEnumerable<ChainLink> Links(CancellationToken ct) => Links(long.MaxValue, ct);

    public async IAsyncEnumerable<ChainLink> Links(long upTo, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var after = 0L;
        while (true)
        {
            var page = await session.Query<ChainLink>().Where(l => l.Id > after && l.Id <= upTo).OrderBy(l => l.Id).Take(5000).ToListAsync(ct);
            foreach (var link in page) yield return link;
            if (page.Count < 5000) yield break;
            after = page[^1].Id;
        }
    }

    public async Task<IReadOnlyList<ChainCheckpoint>> Checkpoints(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.Query<ChainCheckpoint>().OrderBy(c => c.Id).ToListAsync(ct);
    }

    /// <summary>
    /// Verifies the chain as it stands when verification starts (up to its head then) against every event up to the
    /// last one committed then, and says whether the chain reaches that last event.
    /// </summary>
    public async Task<ChainReport> Verify(CancellationToken ct)
    {
        long head, last;
        await using (var session = store.QuerySession())
        {
            head = (await session.Query<ChainLink>().OrderByDescending(l => l.Id).FirstOrDefaultAsync(ct))?.Id ?? 0;
            last = (await session.AdvancedSql.QueryAsync<long>("select coalesce(max(seq_id), 0) from mt_events", ct)).Single();
        }
        var report = await ChainVerifier.Verify(rows.Read(0, Math.Max(head, last), ct), Links(head, ct), await Checkpoints(ct), signer.PublicKey, ct);
        return report with { LastEvent = last };
    }

    /// <summary>Signs the chain's newest link now.</summary>
    public async Task<ChainCheckpoint?> CheckpointNow(TimeProvider clock, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var head = await session.Query<ChainLink>().OrderByDescending(l => l.Id).FirstOrDefaultAsync(ct);
        if (head is null) return null;
        var checkpoint = signer.Checkpoint(head.Id, head.Hash, clock.GetUtcNow());
        session.Store(checkpoint);
        await session.SaveChangesAsync(ct);
        return checkpoint;
    }
}
