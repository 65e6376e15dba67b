namespace Campaign.Tests.Support;

public static class Eventually
{
    /// <summary>Polls a condition until it holds or the deadline passes; for what happens in the background (deliveries).</summary>
    public static Task Holds(Func<bool> condition, TimeSpan within, string what) => Holds(() => Task.FromResult(condition()), within, what);

    /// <summary>Polls a condition that asks the service or the database, until it holds or the deadline passes.</summary>
    public static async Task Holds(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited {within.TotalSeconds:0}s for: {what}");
            await Task.Delay(50);
        }
    }
}
