using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Microsoft.Extensions.Options;

namespace Campaign.Auditing.Chain;

/// <summary>
/// Keeps the chain as the async daemon goes through the events in order: a link per event, and a signed checkpoint
/// about every <c>Audit:CheckpointEvery</c> positions (default 1000). Its documents are saved with the daemon's progress.
/// </summary>
public sealed class ChainKeeper : SubscriptionBase
{
    private readonly EventRows rows;
    private readonly AuditSigner signer;
    private readonly TimeProvider clock;
    private readonly long checkpointEvery;

    public ChainKeeper(EventRows rows, AuditSigner signer, TimeProvider clock, IOptions<AuditOptions> options)
    {
        (this.rows, this.signer, this.clock) = (rows, signer, clock);
        checkpointEvery = options.Value.CheckpointEvery;
        Name = "EventChain";
    }

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var previous = await operations.Query<ChainLink>().Where(l => l.Id <= page.SequenceFloor).OrderByDescending(l => l.Id)
            .FirstOrDefaultAsync(cancellationToken);
        var (position, hash) = (previous?.Id ?? 0, previous?.Hash ?? EventChain.Genesis);

        await foreach (var e in rows.Read(page.SequenceFloor, page.SequenceCeiling, cancellationToken))
        {
            var crossed = e.Position / checkpointEvery > position / checkpointEvery;
            (position, hash) = (e.Position, EventChain.Next(hash, e));
            operations.Store(new ChainLink { Id = position, EventId = e.Id, Hash = hash });
            if (crossed) operations.Store(signer.Checkpoint(position, hash, clock.GetUtcNow()));
        }
        return NullChangeListener.Instance;
    }
}
