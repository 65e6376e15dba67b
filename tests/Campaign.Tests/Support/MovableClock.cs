namespace Campaign.Tests.Support;

/// <summary>
/// The real clock, which a test can move forward: the service runs as usual (its polling timers keep real time), and
/// what falls due by the new time (a timer, a token's expiry) fires at once, without waiting for it.
/// </summary>
public sealed class MovableClock : TimeProvider
{
    private readonly Lock gate = new();
    private readonly List<MovableTimer> timers = [];
    private TimeSpan offset;

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate) return System.GetUtcNow() + offset;
    }

    public void Advance(TimeSpan by)
    {
        MovableTimer[] pending;
        lock (gate)
        {
            offset += by;
            pending = [.. timers];
        }
        foreach (var timer in pending) timer.Arm();
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new MovableTimer(this, callback, state);
        lock (gate) timers.Add(timer);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>A timer that keeps the moment it is due in the clock's time, and waits for it on a real timer.</summary>
    private sealed class MovableTimer : ITimer
    {
        private readonly MovableClock clock;
        private readonly TimerCallback callback;
        private readonly object? state;
        private readonly ITimer real;
        private DateTimeOffset? due;
        private TimeSpan period = Timeout.InfiniteTimeSpan;

        public MovableTimer(MovableClock clock, TimerCallback callback, object? state)
        {
            (this.clock, this.callback, this.state) = (clock, callback, state);
            real = System.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (this)
            {
                this.period = period;
                due = dueTime == Timeout.InfiniteTimeSpan ? null : clock.GetUtcNow() + dueTime;
            }
            Arm();
            return true;
        }

        public void Arm()
        {
            lock (this)
            {
                var wait = due is { } moment ? TimeSpan.FromTicks(Math.Max(0, (moment - clock.GetUtcNow()).Ticks)) : Timeout.InfiniteTimeSpan;
                real.Change(wait, Timeout.InfiniteTimeSpan);
            }
        }

        private void Fire()
        {
            lock (this)
            {
                if (due is not { } moment) return;
                if (clock.GetUtcNow() < moment)
                {
                    Arm();
                    return;
                }
                due = period == Timeout.InfiniteTimeSpan ? null : clock.GetUtcNow() + period;
            }
            Arm();
            callback(state);
        }

        public void Dispose()
        {
            lock (clock.gate) clock.timers.Remove(this);
            real.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
