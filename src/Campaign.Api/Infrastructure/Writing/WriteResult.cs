using Campaign.Confidentiality;
namespace Campaign.Infrastructure.Writing;

/// <summary>
/// The answer to every write: the stream written, its version after the write, and the global
/// sequence of the last event appended. Pass the sequence as <c>waitForSequence</c> when reading
/// a view that is built asynchronously, to read your own write.
/// </summary>
public sealed record WriteResult([property: Public] Guid Id, [property: Public] long Version, [property: Public] long Sequence)
{
    /// <summary>The answer to a command that decided to write nothing (a check that found nothing due).</summary>
    public static readonly WriteResult Nothing = new(Guid.Empty, 0, 0);
}

/// <summary>The answer to a development recorded for many defendants at once.</summary>
public sealed record BulkWriteResult(
    [property: Public] Guid Id,
    [property: Public] IReadOnlyList<WriteResult> Defendants,
    [property: Public] long Sequence);
