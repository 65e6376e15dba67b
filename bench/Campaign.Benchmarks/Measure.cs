using System.Diagnostics;

namespace Campaign.Benchmarks;

/// <summary>The values a figure took in its trials; reported as their median and spread (lowest to highest).</summary>
public sealed record Trials(IReadOnlyList<double> Values)
{
    public static Trials Once(double value) => new([value]);

    public double Median
    {
        get
        {
            var sorted = Values.Order().ToList();
            var middle = sorted.Count / 2;
            return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }
    }

    public double Min => Values.Min();
    public double Max => Values.Max();
}

/// <summary>One line of the results table: a figure, and its ratio (of medians) to the baseline it is judged against.</summary>
public sealed record Figure(string Name, Trials Value, string Unit, string? Baseline = null, double? Ratio = null, string? Target = null)
{
    public Figure(string name, double value, string unit) : this(name, Trials.Once(value), unit) { }

    /// <summary>A figure judged by the ratio of its median to the median of a baseline measured in the same run.</summary>
    public static Figure Against(string name, Trials value, string unit, string baseline, Trials of, string target) =>
        new(name, value, unit, baseline, value.Median / of.Median, target);

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
    /// <summary>
    /// A warm-up (JIT, connection pools, PostgreSQL's caches) that is not counted, then <paramref name="trials"/> trials;
    /// every trial has the same size in quick and full mode, so that the two agree within noise.
    /// </summary>
    public static async Task<IReadOnlyList<T>> Repeat<T>(int trials, Func<Task> warmUp, Func<int, Task<T>> trial)
    {
        await warmUp();
        var results = new List<T>();
        for (var t = 0; t < trials; t++) results.Add(await trial(t));
        return results;
    }

    public static async Task<Trials> Trials(int trials, Func<Task> warmUp, Func<int, Task<double>> trial) =>
        new(await Repeat(trials, warmUp, trial));

    /// <summary>
    /// Two figures to be compared, measured in turns (A then B, then B then A, …) after one warm-up, so that a drift in
    /// the machine's load weighs on both alike. <paramref name="setUp"/> prepares each trial outside the measurement.
    /// </summary>
    public static async Task<(Trials A, Trials B)> Pairs(int trials, Func<Task> warmUp, Func<int, Task> setUp,
        Func<int, Task<double>> a, Func<int, Task<double>> b)
    {
        await warmUp();
        var (first, second) = (new List<double>(), new List<double>());
        for (var t = 0; t < trials; t++)
        {
            await setUp(t);
            if (t % 2 == 0)
            {
                first.Add(await a(t));
                second.Add(await b(t));
            }
            else
            {
                second.Add(await b(t));
                first.Add(await a(t));
            }
        }
        return (new(first), new(second));
    }

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

    /// <summary>
    /// The defendant that <paramref name="worker"/> writes to for its operation <paramref name="i"/>: each defendant
    /// belongs to one worker, so that no two writes to one stream ever race (the count must be a multiple of the workers).
    /// </summary>
    public static T Owned<T>(IReadOnlyList<T> items, int worker, int i, int workers) =>
        items.Count % workers == 0
            ? items[(worker + workers * (i / workers)) % items.Count]
            : throw new ArgumentException($"{items.Count} items cannot be shared evenly among {workers} workers.");

    public static async Task<(T Result, TimeSpan Elapsed)> Time<T>(Func<Task<T>> work)
    {
        var clock = Stopwatch.StartNew();
        var result = await work();
        return (result, clock.Elapsed);
    }
}
