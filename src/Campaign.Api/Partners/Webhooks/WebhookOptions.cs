using System.ComponentModel.DataAnnotations;
using Campaign.Infrastructure.Settings;

namespace Campaign.Partners.Webhooks;

/// <summary>Delivery settings (section <c>Webhooks</c>); the defaults retry for more than a day before giving up.</summary>
public sealed class WebhookOptions : IValidatableObject
{
    [AboveZero] public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);
    [AboveZero] public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);
    [AboveZero] public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(26);
    [NotNegative] public TimeSpan RotationOverlap { get; set; } = TimeSpan.FromHours(24);

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00", ErrorMessage = "must be between {1} and {2}")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often every node looks for subscriptions that are due or behind and have no turn queued.</summary>
    [AboveZero] public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>An HTTP proxy for deliveries; none by default, whatever the environment says.</summary>
    [AbsoluteUrl] public Uri? Proxy { get; set; }

    /// <summary>Lets webhooks reach private, loopback and other special-purpose addresses: for trying them locally only.</summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>Exponential, with jitter: a random wait between half and all of base × 2^(failures−1), capped.</summary>
    public TimeSpan RetryDelay(int failures)
    {
        var ceiling = Math.Min(RetryMaxDelay.TotalMilliseconds, RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 30)));
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + Random.Shared.NextDouble() / 2));
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (RetryBaseDelay > RetryMaxDelay) yield return new("must not be longer than Webhooks:RetryMaxDelay", [nameof(RetryBaseDelay)]);
    }
}
