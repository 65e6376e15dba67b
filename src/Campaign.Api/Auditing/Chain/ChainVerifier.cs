namespace Campaign.Auditing.Chain;

/// <summary>
/// What a verification found: intact up to a position, or the first position that does not match, and why. An intact
/// chain is <see cref="Complete"/> when it reaches <see cref="LastEvent"/>, the last event there was to verify; events
/// after the chain's head are not chained yet (the daemon has not reached them), so they are not vouched for.
/// </summary>
public sealed record ChainReport(bool Intact, long VerifiedUpTo, long? FirstMismatch, string? Problem, int CheckpointsVerified, long LastEvent = 0)
{
    public bool Complete => Intact && VerifiedUpTo >= LastEvent;
}

/// <summary>
/// Recomputes the chain from the events and compares it, position by position, with the stored links, and with the
/// signed checkpoints (which a rewrite of both events and links cannot forge without the signing key).
/// </summary>
public static class ChainVerifier
{
    public static async Task<ChainReport> Verify(IAsyncEnumerable<RecordedEvent> events, IAsyncEnumerable<ChainLink> links,
        IReadOnlyCollection<ChainCheckpoint> checkpoints, string trustedPublicKey, CancellationToken ct)
    {
        var checkpointAt = checkpoints.ToDictionary(c => c.Id);
        await using var eventCursor = events.GetAsyncEnumerator(ct);
        await using var linkCursor = links.GetAsyncEnumerator(ct);
        var (hasEvent, hasLink) = (await eventCursor.MoveNextAsync(), await linkCursor.MoveNextAsync());
        var (hash, verified, signed) = (EventChain.Genesis, 0L, 0);

        ChainReport Broken(long position, string problem) => new(false, verified, position, problem, signed, position);

        while (hasLink)
        {
            var link = linkCursor.Current;
            if (!hasEvent || link.Id < eventCursor.Current.Position)
                return Broken(link.Id, "The chain has an event here that the store no longer holds (deleted, or moved).");
            var e = eventCursor.Current;
            if (e.Position < link.Id)
                return Broken(e.Position, "The store holds an event here that the chain never recorded (inserted, or moved).");

            hash = EventChain.Next(hash, e);
            if (hash != link.Hash)
                return Broken(e.Position, "The event differs from what was chained (altered, or out of order).");
            if (checkpointAt.TryGetValue(e.Position, out var checkpoint))
            {
                if (checkpoint.Hash != hash || !AuditSigner.IsSignedBy(checkpoint, trustedPublicKey))
                    return Broken(e.Position, "The signed checkpoint here does not vouch for this chain.");
                signed++;
            }
            verified = e.Position;
            (hasEvent, hasLink) = (await eventCursor.MoveNextAsync(), await linkCursor.MoveNextAsync());
        }
        // Events after the last link are not chained yet: the daemon has not reached them.
        var last = verified;
        while (hasEvent)
        {
            last = eventCursor.Current.Position;
            hasEvent = await eventCursor.MoveNextAsync();
        }
        return new(true, verified, null, null, signed, last);
    }
}
