using Campaign.Infrastructure.Writing;
using JasperFx.Events.Projections;
using Marten;

namespace Campaign.Infrastructure.Reading;

/// <summary>
/// Lets a client read its own write from a view the async daemon builds: given the sequence a write
/// returned, waits until the view has folded it in.
/// </summary>
public sealed class ReadYourWrites(IDocumentStore store, TimeProvider clock)
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    public async Task WaitFor(string projection, long? sequence, CancellationToken ct)
    {
        if (sequence is not { } wanted || wanted <= 0) return;

        // The message names no position of the store's: how many events it holds is no business of any caller.
        if (wanted > (await store.Advanced.FetchEventStoreStatistics(token: ct)).EventSequenceNumber)
            throw new InvalidReference("waitForSequence", "No write has returned this sequence: pass the sequence a write answered.");

        var shard = ShardName.Compose(projection);
        var deadline = clock.GetUtcNow() + Patience;
        while (await store.Advanced.ProjectionProgressFor(shard, token: ct) < wanted)
        {
            if (clock.GetUtcNow() > deadline) throw new ViewCatchingUp(projection, wanted);
            await Task.Delay(PollInterval, clock, ct);
        }
    }
}

/// <summary>503: the view has not yet caught up with the sequence asked for; retry shortly.</summary>
public sealed class ViewCatchingUp(string projection, long sequence)
    : Rejection($"{projection} has not yet caught up with sequence {sequence}; retry shortly.")
{
    public override int StatusCode => StatusCodes.Status503ServiceUnavailable;
}
