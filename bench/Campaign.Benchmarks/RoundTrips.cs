namespace Campaign.Benchmarks;

/// <summary>What one operation costs PostgreSQL's clients in round trips, statements parsed and connection resets.</summary>
public sealed record WireCost(double RoundTrips, double Parsed, double Resets);

public static class RoundTrips
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Counts what a batch of <paramref name="operations"/> sends through the proxy, per operation. What the processes
    /// behind the proxy send on their own (pollers) is counted in a quiet second before the batch and subtracted in
    /// proportion to the batch's duration.
    /// </summary>
    public static async Task<WireCost> PerOperation(PostgresProxy proxy, int operations, Func<Task> batch)
    {
        var quietFrom = proxy.Counts;
        await Task.Delay(Quiet);
        var background = proxy.Counts - quietFrom;

        var from = proxy.Counts;
        var (_, elapsed) = await Measure.Time(async () =>
        {
            await batch();
            return 0;
        });
        var sent = proxy.Counts - from;
        if (sent.Unreadable + background.Unreadable > 0)
            throw new InvalidOperationException("A client asked for an encrypted connection through the counting proxy; its messages cannot be counted.");
        if (sent.Connections > 0) Console.WriteLine($"    ({sent.Connections} connections were opened during the count)");

        var share = elapsed / Quiet;
        double Each(long counted, long quiet) => Math.Max(0, counted - quiet * share) / operations;
        return new(Each(sent.RoundTrips, background.RoundTrips), Each(sent.Parsed, background.Parsed), Each(sent.Resets, background.Resets));
    }
}
