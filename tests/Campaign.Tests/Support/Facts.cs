using JasperFx.Events;

namespace Campaign.Tests.Support;

/// <summary>Wraps event data as Marten hands it to projections, numbered as a stream would be.</summary>
public sealed class Facts(Guid streamId)
{
    private static long sequence;
    private long version;

    public IEvent Next(object data)
    {
        var e = (IEvent)Activator.CreateInstance(typeof(Event<>).MakeGenericType(data.GetType()), data)!;
        e.Id = Guid.NewGuid();
        e.StreamId = streamId;
        e.Version = ++version;
        e.Sequence = Interlocked.Increment(ref sequence);
        e.Timestamp = DateTimeOffset.UtcNow;
        e.UserName = "staff@example.org";
        return e;
    }
}
