namespace Campaign.Infrastructure;

/// <summary>
/// Time to the microsecond, as PostgreSQL stores it: an event's recorded time is then the same in the view built
/// when it was appended and in every rebuild from the database.
/// </summary>
public sealed class MicrosecondClock(TimeProvider inner) : TimeProvider
{
    /// <summary>The clock the event store records with.</summary>
    public static TimeProvider Default { get; } = new MicrosecondClock(TimeProvider.System);

    public override DateTimeOffset GetUtcNow()
    {
        var now = inner.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }
}
