namespace Campaign.Infrastructure.Writing;

/// <summary>
/// A request to record something. Every command is handled on the one write path: a Wolverine handler that decides on
/// the write model of the stream it addresses, with validation, attribution, idempotency, the expected version and sealing
/// applied to its chain by <see cref="WritePolicy"/>. Send it with <see cref="Commands"/>.
/// </summary>
/// <remarks>Its text names its type only: its values may be confidential, and frameworks log the messages that fail.</remarks>
public abstract record Command
{
    public sealed override string ToString() => GetType().Name;
}

/// <summary>A command that may state the stream version it was decided on (also accepted as an If-Match header).</summary>
public interface IVersionedCommand
{
    long? ExpectedVersion { get; }
}

/// <summary>A command that writes to many defendants of one campaign at once; it is answered with a <see cref="BulkWriteResult"/>.</summary>
public interface IBulkCommand
{
    Guid CampaignId { get; }
}

/// <summary>A stream's write model: the state its decisions need, kept inline; <see cref="Noun"/> names it in a 404.</summary>
public interface IWriteModel
{
    static abstract string Noun { get; }
}
