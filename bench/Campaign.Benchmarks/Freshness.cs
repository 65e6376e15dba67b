using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace Campaign.Benchmarks;

/// <summary>
/// Open-loop load at a fixed rate; for each write, the time from its 2xx answer until the campaign view's daemon
/// shard has passed the write's sequence, sampled every 10 ms.
/// </summary>
public static class Freshness
{
    public static async Task<(Latencies Freshness, bool KeptUp, Latencies Appends)> Measure(
        Client staff, IReadOnlyList<Guid> defendants, string json, double rate, TimeSpan duration, string connectionString)
    {
        var writes = new ConcurrentBag<(long Sequence, long AnsweredAt)>();
        var samples = new ConcurrentQueue<(long At, long Progress)>();
        var appends = new Latencies();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var sampler = Sample(connectionString, clock, samples, stop.Token);

        var total = (int)(rate * duration.TotalSeconds);
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                var due = TimeSpan.FromSeconds(i / rate) - clock.Elapsed;
                if (due > TimeSpan.Zero) await Task.Delay(due);
                var sent = clock.ElapsedTicks;
                var answer = await staff.Post($"/api/defendants/{defendants[i % defendants.Count]}/detentions", json);
                appends.Add(TimeSpan.FromTicks((long)((clock.ElapsedTicks - sent) * (TimeSpan.TicksPerSecond / (double)Stopwatch.Frequency))));
                writes.Add((answer.GetProperty("sequence").GetInt64(), clock.ElapsedTicks));
            }
        }));
        var loadEnded = clock.Elapsed;
        var last = writes.Max(w => w.Sequence);
        while (samples.LastOrDefault().Progress < last && clock.Elapsed - loadEnded < TimeSpan.FromSeconds(30)) await Task.Delay(20);
        var drainedIn = clock.Elapsed - loadEnded;
        await stop.CancelAsync();
        await sampler;

        var ordered = samples.ToArray();
        var freshness = new Latencies();
        foreach (var (sequence, answeredAt) in writes)
        {
            var seen = ordered.FirstOrDefault(s => s.Progress >= sequence && s.At >= answeredAt);
            if (seen.At == 0) seen = ordered.FirstOrDefault(s => s.Progress >= sequence);
            freshness.Add(TimeSpan.FromSeconds(Math.Max(0, seen.At - answeredAt) / (double)Stopwatch.Frequency));
        }
        return (freshness, drainedIn < TimeSpan.FromSeconds(2), appends);
    }

    private static async Task Sample(string connectionString, Stopwatch clock, ConcurrentQueue<(long, long)> samples, CancellationToken stop)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select coalesce(max(last_seq_id), 0) from mt_event_progression where name = 'CampaignView:All'", connection);
        while (!stop.IsCancellationRequested)
        {
            samples.Enqueue((clock.ElapsedTicks, (long)(await command.ExecuteScalarAsync())!));
            try { await Task.Delay(10, stop); } catch (OperationCanceledException) { }
        }
    }
}
