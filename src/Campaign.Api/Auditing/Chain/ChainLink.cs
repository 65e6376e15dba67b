namespace Campaign.Auditing.Chain;

/// <summary>The chain's hash after the event at <see cref="Id"/> (its global position).</summary>
public sealed class ChainLink
{
    public required long Id { get; init; }
    public required Guid EventId { get; init; }
    public required string Hash { get; init; }
}

/// <summary>A signed statement that the chain had this hash at this position, verifiable with the published public key.</summary>
public sealed class ChainCheckpoint
{
    public required long Id { get; init; }
    public required string Hash { get; init; }
    public required DateTimeOffset SignedAt { get; init; }
    public required string PublicKey { get; init; }
    public required string Signature { get; init; }

    public string Statement => CheckpointStatement(Id, Hash, SignedAt);

    public static string CheckpointStatement(long position, string hash, DateTimeOffset signedAt) =>
        $"campaign-chain-checkpoint:v1:{position}:{hash}:{signedAt.ToUnixTimeMilliseconds()}";
}
