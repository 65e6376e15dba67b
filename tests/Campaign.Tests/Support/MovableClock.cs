namespace Campaign.Tests.Support;

/// <summary>The service's clock, moved by a test; timers still run on real time, as Wolverine's scheduling does.</summary>
public sealed class MovableClock(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset now = now;

    public override DateTimeOffset GetUtcNow() => now;

    public void MoveTo(DateTimeOffset instant) => now = instant;
}
