namespace Campaign.Partners.Webhooks;

/// <summary>Delivery settings (section <c>Webhooks</c>); the defaults retry for more than a day before giving up.</summary>
public sealed class WebhookOptions
{
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(26);
    public TimeSpan RotationOverlap { get; set; } = TimeSpan.FromHours(24);
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often every node looks for subscriptions that are due or behind and have no turn queued.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>An HTTP proxy for deliveries; none by default, whatever the environment says.</summary>
    public Uri? Proxy { get; set; }

    /// <summary>Exponential, with jitter: a random wait between half and all of base × 2^(failures−1), capped.</summary>
    public TimeSpan RetryDelay(int failures)
    {
        var ceiling = Math.Min(RetryMaxDelay.TotalMilliseconds, RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 30)));
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + Random.Shared.NextDouble() / 2));
    }
}
