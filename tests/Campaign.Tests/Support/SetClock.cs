namespace Campaign.Tests.Support;

/// <summary>
/// The service's clock, stopped at a moment a test sets, forward or back; timers still run on real time, as Wolverine's
/// scheduling does. (<see cref="MovableClock"/> keeps running and fires its timers when moved, which suits the live feed.)
/// </summary>
public sealed class SetClock(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset now = now;

    public override DateTimeOffset GetUtcNow() => now;

    public void MoveTo(DateTimeOffset instant) => now = instant;
}
