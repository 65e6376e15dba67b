using Campaign.Partners.Feed;

namespace Campaign.Tests.Partners;

/// <summary>What the shared source hands one live stream: only what it wants, after its position, within its buffer.</summary>
public sealed class LiveListenerTests
{
    private static readonly Guid Amnesty = Guid.NewGuid(), Other = Guid.NewGuid();

    private static LiveEvent Event(long sequence, string type = "org.campaign.detention-recorded.v1", Guid? campaign = null) =>
        new(sequence, type, campaign ?? Amnesty, $"id: {sequence}\n\n");

    private static List<long> Buffered(LiveListener listener)
    {
        var sequences = new List<long>();
        while (listener.Events.TryRead(out var e)) sequences.Add(e.Sequence);
        return sequences;
    }

    [Fact]
    public void Hands_over_only_what_the_filter_selects_after_the_position_the_stream_joined_at()
    {
        var listener = new LiveListener(after: 10, new FeedFilter(["org.campaign.detention-recorded.v1"], [Amnesty]), capacity: 100);

        Assert.True(listener.Offer([Event(9), Event(10), Event(11), Event(12, "org.campaign.released.v1"), Event(13, campaign: Other), Event(14)]));

        Assert.Equal([11, 14], Buffered(listener));
    }

    [Fact]
    public async Task A_stream_too_slow_for_its_buffer_is_cut_off_after_what_it_holds()
    {
        var listener = new LiveListener(after: 0, new FeedFilter(), capacity: 2);

        Assert.False(listener.Offer([Event(1), Event(2), Event(3)]));

        Assert.True(listener.TooSlow);
        Assert.Equal([1, 2], Buffered(listener));
        Assert.False(await listener.Events.WaitToReadAsync()); // it ends there; the client resumes after 2 with Last-Event-ID
    }
}
