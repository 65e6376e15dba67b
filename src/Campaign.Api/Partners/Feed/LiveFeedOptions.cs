namespace Campaign.Partners.Feed;

/// <summary>The live stream's settings, in the <c>Partners</c> section.</summary>
public sealed class LiveFeedOptions
{
    /// <summary>A comment line is sent after this long without an event, so that a client can tell quiet from broken.</summary>
    public double HeartbeatSeconds { get; set; } = 15;

    /// <summary>Streams one credential may hold open at once on a node; the next one is answered 429.</summary>
    public int MaxLiveStreamsPerCredential { get; set; } = 4;

    /// <summary>How often the node's one reader looks for new events for all its streams.</summary>
    public TimeSpan LivePollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Events a stream may have waiting to be sent; a client slower than that is disconnected (it resumes with Last-Event-ID).</summary>
    public int LiveBufferEvents { get; set; } = 2000;

    public TimeSpan Heartbeat => TimeSpan.FromSeconds(Math.Max(HeartbeatSeconds, 0.1));
}
