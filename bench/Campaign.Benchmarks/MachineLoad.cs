using System.Globalization;

namespace Campaign.Benchmarks;

/// <summary>
/// The machine's 1-minute load average, read every 5 s while the benchmark runs: the figures of a run on a machine that
/// others share are read against it (and their ratios, measured in the same run, are what is judged).
/// </summary>
public sealed class MachineLoad : IDisposable
{
    private readonly List<double> samples = [];
    private readonly Timer timer;

    public MachineLoad() => timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromSeconds(5));

    private void Sample()
    {
        var average = double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        lock (samples) samples.Add(average);
    }

    public override string ToString()
    {
        lock (samples)
        {
            if (samples.Count == 0) return "not read";
            var sorted = samples.Order().ToList();
            return $"median {sorted[sorted.Count / 2]:0.0}, lowest {sorted[0]:0.0}, highest {sorted[^1]:0.0} ({sorted.Count} readings)";
        }
    }

    public void Dispose() => timer.Dispose();
}
