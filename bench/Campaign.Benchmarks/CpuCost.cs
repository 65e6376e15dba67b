using System.Diagnostics;
using Npgsql;

namespace Campaign.Benchmarks;

/// <summary>
/// Where the time of one write goes on a machine of two cores: the CPU time that the benchmark process (the load, or
/// the Marten path itself), the service and PostgreSQL (every process of its cluster) spend per operation, read from
/// /proc around a batch of operations (<c>deploy/bench.sh --cpu-cost</c>). At full load the rate is bounded by the cores
/// divided by the CPU time of one operation, whatever the latency of a round trip.
/// </summary>
public sealed class CpuCost(string connectionString, Service? service)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public async Task Measure(string what, int operations, Func<Task> batch)
    {
        var postmaster = await Postmaster();
        var (bench, serving, postgres) = (Process.GetCurrentProcess().TotalProcessorTime, Seconds(service?.ProcessId), Cluster(postmaster));
        var clock = Stopwatch.StartNew();
        await batch();
        var elapsed = clock.Elapsed.TotalSeconds;
        var benchCpu = (Process.GetCurrentProcess().TotalProcessorTime - bench).TotalSeconds;
        var serviceCpu = Seconds(service?.ProcessId) - serving;
        var postgresCpu = Cluster(postmaster) - postgres;
        double Each(double seconds) => seconds / operations * 1e6;
        Console.WriteLine($"  {what}: {operations / elapsed:N0}/s; CPU per operation: benchmark process {Each(benchCpu):N0} µs, " +
                          $"service {Each(serviceCpu):N0} µs, PostgreSQL {Each(postgresCpu):N0} µs, in all {Each(benchCpu + serviceCpu + postgresCpu):N0} µs " +
                          $"(two cores: at most {2 * operations / (benchCpu + serviceCpu + postgresCpu):N0}/s); load average {File.ReadAllText("/proc/loadavg")[..4]}");
    }

    private async Task<int> Postmaster()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var backend = (int)(await new NpgsqlCommand("select pg_backend_pid()", connection).ExecuteScalarAsync())!;
        return Stat(backend)!.Value.Parent;
    }

    /// <summary>Every process of the cluster: the postmaster's children (backends, writers, autovacuum) that are still running.</summary>
    private static double Cluster(int postmaster) => Directory.EnumerateDirectories("/proc")
        .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? Stat(pid) : null)
        .Where(s => s is { } stat && (stat.Parent == postmaster || stat.Pid == postmaster))
        .Sum(s => s!.Value.Cpu);

    private static double Seconds(int? pid) => pid is { } id ? Stat(id)?.Cpu ?? 0 : 0;

    private static (int Pid, int Parent, double Cpu)? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // after "pid (name) ": state is field 3
            return (pid, int.Parse(fields[1]), (long.Parse(fields[11]) + long.Parse(fields[12])) / TicksPerSecond);
        }
        catch (IOException)
        {
            return null; // ended meanwhile
        }
    }
}
