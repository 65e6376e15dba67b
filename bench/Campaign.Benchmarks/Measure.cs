using System.Diagnostics;

namespace Campaign.Benchmarks;

/// <summary>One line of the results table: a figure, and its ratio to the baseline it is judged against.</summary>
public sealed record Figure(string Name, double Value, string Unit, string? Baseline = null, double? Ratio = null, string? Target = null)
{
    public string Verdict => Target is null || Ratio is null ? "" : Ratio >= double.Parse(Target) ? "met" : "missed";
}

public sealed class Latencies
{
    private readonly List<double> milliseconds = [];

    public void Add(TimeSpan elapsed)
    {
        lock (milliseconds) milliseconds.Add(elapsed.TotalMilliseconds);
    }

    public double Percentile(double p)
    {
        lock (milliseconds)
        {
            if (milliseconds.Count == 0) return double.NaN;
            var sorted = milliseconds.Order().ToList();
            return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100 * sorted.Count) - 1)];
        }
    }
}

public static class Measure
{
    /// <summary>Runs <paramref name="workers"/> closed-loop workers over <paramref name="count"/> operations; returns operations per second.</summary>
    public static async Task<double> Rate(int count, int workers, Func<int, int, Task> operation, Latencies? latencies = null)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async worker =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                await operation(worker, i);
                latencies?.Add(Stopwatch.GetElapsedTime(started));
            }
        }));
        return count / clock.Elapsed.TotalSeconds;
    }

    public static async Task<(T Result, TimeSpan Elapsed)> Time<T>(Func<Task<T>> work)
    {
        var clock = Stopwatch.StartNew();
        var result = await work();
        return (result, clock.Elapsed);
    }
}
