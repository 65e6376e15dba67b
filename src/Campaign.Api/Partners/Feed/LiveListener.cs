using System.Threading.Channels;

namespace Campaign.Partners.Feed;

/// <summary>
/// One open live stream as the node's shared source sees it: what it wants, the position it has already been sent,
/// and a bounded buffer of what is still to be sent. A stream that lets the buffer fill is cut off rather than let
/// memory grow; it resumes from the database with its Last-Event-ID.
/// </summary>
public sealed class LiveListener(long after, FeedFilter filter, int capacity)
{
    private readonly Channel<LiveEvent> buffer = Channel.CreateBounded<LiveEvent>(
        new BoundedChannelOptions(Math.Max(capacity, 1)) { SingleReader = true, SingleWriter = true });

    public ChannelReader<LiveEvent> Events => buffer.Reader;

    /// <summary>True once the buffer overflowed: the stream ends after what it holds.</summary>
    public bool TooSlow { get; private set; }

    /// <summary>Buffers what the stream wants of new events; false, and the buffer closed, when it has no room left.</summary>
    public bool Offer(IEnumerable<LiveEvent> events)
    {
        foreach (var e in events)
        {
            if (e.Sequence <= after || !e.IsWantedBy(filter) || buffer.Writer.TryWrite(e)) continue;
            TooSlow = true;
            buffer.Writer.TryComplete();
            return false;
        }
        return true;
    }

    /// <summary>No more events: the stream ends once it has sent what it holds.</summary>
    public void End() => buffer.Writer.TryComplete();
}
