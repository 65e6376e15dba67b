using System.ComponentModel.DataAnnotations;
using Campaign.Infrastructure.Settings;

namespace Campaign.Partners.Feed;

/// <summary>The partners' settings (section <c>Partners</c>): the CloudEvents source and the live stream's settings.</summary>
public sealed class LiveFeedOptions : IValidatableObject
{
    /// <summary>The CloudEvents <c>source</c> of every event (a URI reference).</summary>
    [Required(ErrorMessage = "must be set")] public string Source { get; set; } = "urn:campaign";

    /// <summary>A comment line is sent after this long without an event, so that a client can tell quiet from broken.</summary>
    [Range(0.1, 3600, ErrorMessage = "must be between {1} and {2} seconds")]
    public double HeartbeatSeconds { get; set; } = 15;

    /// <summary>Streams one credential may hold open at once on a node; the next one is answered 429.</summary>
    [AboveZero] public int MaxLiveStreamsPerCredential { get; set; } = 4;

    /// <summary>How often the node's one reader looks for new events for all its streams.</summary>
    [AboveZero] public TimeSpan LivePollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Events a stream may have waiting to be sent; a client slower than that is disconnected (it resumes with Last-Event-ID).</summary>
    [AboveZero] public int LiveBufferEvents { get; set; } = 2000;

    public TimeSpan Heartbeat => TimeSpan.FromSeconds(Math.Max(HeartbeatSeconds, 0.1));

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (!Uri.TryCreate(Source, UriKind.RelativeOrAbsolute, out _)) yield return new("must be a URI reference (e.g. urn:campaign)", [nameof(Source)]);
    }
}
