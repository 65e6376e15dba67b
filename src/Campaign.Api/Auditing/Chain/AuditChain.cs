using System.Runtime.CompilerServices;
using Marten;

namespace Campaign.Auditing.Chain;

/// <summary>The chain as stored, for verification and export.</summary>
public sealed class AuditChain(IDocumentStore store, EventRows rows, AuditSigner signer)
{
    public string PublicKey => signer.PublicKey;

    public async IAsyncEnumerable<ChainLink> Links([EnumeratorCancellation] CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var after = 0L;
        while (true)
        {
            var page = await session.Query<ChainLink>().Where(l => l.Id > after).OrderBy(l => l.Id).Take(5000).ToListAsync(ct);
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

    public async Task<ChainReport> Verify(CancellationToken ct) =>
        await ChainVerifier.Verify(rows.Read(0, long.MaxValue, ct), Links(ct), await Checkpoints(ct), signer.PublicKey, ct);

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
