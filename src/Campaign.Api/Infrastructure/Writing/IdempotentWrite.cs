namespace Campaign.Infrastructure.Writing;

/// <summary>The version one stream reached in a write.</summary>
public sealed record StreamVersion(Guid StreamId, long Version);

/// <summary>
/// What a write with an Idempotency-Key did, stored in the same transaction as its events, so that a
/// retry with the same key is answered the same and appends nothing.
/// </summary>
public sealed class IdempotentWrite
{
    public required string Id { get; init; }
    public required string Fingerprint { get; init; }
    public required IReadOnlyList<StreamVersion> Streams { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
}
