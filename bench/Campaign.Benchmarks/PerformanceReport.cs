using System.Globalization;
using System.Text;

namespace Campaign.Benchmarks;

/// <summary>Writes the figures into docs/performance.md, keeping the hand-written analysis below the figures.</summary>
public static class PerformanceReport
{
    private const string AnalysisMarker = "<!-- analysis: kept across runs -->";

    public static async Task Write(bool quick, int trials, TimeSpan took, IReadOnlyList<Figure> figures,
        IReadOnlyList<(string Figure, double Small, double Large, string Unit)> scale, string postgres, int small, int large, MachineLoad load)
    {
        var memory = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var text = new StringBuilder();
        text.AppendLine("# Performance").AppendLine();
        text.AppendLine($"Latest run: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {(quick ? "quick" : "full")} mode ({took.TotalSeconds:0} s), " +
                        $"{Environment.ProcessorCount} cores, {long.Parse(memory) / 1024 / 1024.0:0.0} GiB, PostgreSQL {postgres}, .NET {Environment.Version}.")
            .AppendLine($"The machine's 1-minute load average during the run (other work shares it): {load}.");
        text.AppendLine("Produced by `deploy/bench.sh` (add `--quick` for the short run: fewer trials and smaller stores, the same workloads).")
            .AppendLine($"Each figure is the median of its trials ({trials} here, each after a warm-up that is not counted), with the lowest and")
            .AppendLine("highest trial beside it. Every ratio is of medians, to a baseline measured in the same run on the same database;")
            .AppendLine("a target is a minimum ratio.").AppendLine();
        text.AppendLine("| figure | median | spread (min–max) | trials | unit | ratio | to | target | |")
            .AppendLine("|---|---:|---:|---:|---|---:|---|---:|---|");
        foreach (var f in figures)
        {
            var spread = f.Value.Values.Count > 1 ? $"{Number(f.Value.Min)}–{Number(f.Value.Max)}" : "";
            text.AppendLine($"| {f.Name} | {Number(f.Value.Median)} | {spread} | {f.Value.Values.Count} | {f.Unit} | " +
                            $"{(f.Ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "")} | {f.Baseline} | {f.Target} | {f.Verdict} |");
        }
        text.AppendLine().AppendLine($"How the medians change from {small:N0} to {large:N0} stored events (target: no more than 20% worse):").AppendLine();
        text.AppendLine($"| figure | @{small:N0} | @{large:N0} | change | |").AppendLine("|---|---:|---:|---:|---|");
        foreach (var (name, s, l, unit) in scale)
        {
            var change = (l - s) / s;
            text.AppendLine($"| {name} ({unit}) | {s.ToString("N0", CultureInfo.InvariantCulture)} | {l.ToString("N0", CultureInfo.InvariantCulture)} | " +
                            $"{change.ToString("+0%;-0%", CultureInfo.InvariantCulture)} | {(change >= -0.2 ? "met" : "missed")} |");
        }

        var path = Path.Combine(Repository.Root, "docs", "performance.md");
        var analysis = File.Exists(path) && (await File.ReadAllTextAsync(path)) is var old && old.Contains(AnalysisMarker)
            ? old[old.IndexOf(AnalysisMarker, StringComparison.Ordinal)..]
            : AnalysisMarker + "\n\n## Analysis\n\n(Write here what was changed to reach the targets, with before and after figures.)\n";
        text.AppendLine().Append(analysis);
        await File.WriteAllTextAsync(path, text.ToString());
    }

    /// <summary>Rates to the unit, small figures (milliseconds, round trips per request) to two decimals.</summary>
    public static string Number(double value) => value.ToString(Math.Abs(value) >= 100 ? "N0" : "N2", CultureInfo.InvariantCulture);
}
