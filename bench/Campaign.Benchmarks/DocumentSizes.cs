using System.Diagnostics;
using Campaign.Defendants;
using Campaign.Defendants.FilingCharges;
using Campaign.Defendants.SchedulingHearings;
using Campaign.Developments;
using Marten;
using Npgsql;

namespace Campaign.Benchmarks;

/// <summary>
/// How large the stored documents of cases with 1,000 developments are, and what lz4 column compression would change
/// against PostgreSQL's default (pglz) for those above TOAST's threshold (<c>deploy/bench.sh --document-sizes</c>).
/// </summary>
public static class DocumentSizes
{
    public static async Task Measure(string connectionString, IDocumentStore store, Staff staff, Workload work)
    {
        var campaign = await staff.Launch();
        var defendants = await staff.Register(campaign, 20);
        var (plain, mixed) = (defendants[..10], defendants[10..]);
        foreach (var id in plain) await work.AddHistory(store, id, campaign, 1_000);
        foreach (var id in mixed) await Append(store, id, Mixed(id, campaign, work.Source, 1_000));
        await Database.DaemonCaughtUp(connectionString);

        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 600 }.ConnectionString);
        await connection.OpenAsync();
        Console.WriteLine("Stored documents (bytes: stored after compression / jsonb / as text; compression used):");
        foreach (var (table, ids, what) in new[]
                 {
                     ("mt_doc_defendant", plain, "defendant write model, 1,000 detentions and custody changes"),
                     ("mt_doc_defendant", mixed, "defendant write model, 1,000 developments with 50 charges and 100 hearings"),
                     ("mt_doc_defendantview", plain, "defendant view, 1,000 detentions and custody changes"),
                     ("mt_doc_defendantview", mixed, "defendant view, 1,000 developments with 50 charges and 100 hearings"),
                     ("mt_doc_campaignview", [campaign], "campaign view of those 20 defendants"),
                 })
        {
            await using var sizes = new NpgsqlCommand($"""
                select max(pg_column_size(data)), max(octet_length(data::text)), max(pg_column_size(data::text::jsonb)),
                       string_agg(distinct coalesce(pg_column_compression(data), 'none'), ',')
                from {table} where id = any(@ids)
                """, connection);
            sizes.Parameters.AddWithValue("ids", ids.ToArray());
            await using var reader = await sizes.ExecuteReaderAsync();
            await reader.ReadAsync();
            Console.WriteLine($"  {what}: {reader.GetInt32(0):N0} / {reader.GetInt32(2):N0} / {reader.GetInt32(1):N0}; {reader.GetString(3)}");
        }
        await Compare(connection, defendants, campaign);
    }

    /// <summary>
    /// Each kind of document above TOAST's threshold, copied until about 200 MB of JSON are written, into a table compressed
    /// with each method, then read back: five trials, the methods in turns.
    /// </summary>
    private static async Task Compare(NpgsqlConnection connection, List<Guid> defendants, Guid campaign)
    {
        foreach (var (what, sql) in new[]
                 {
                     ("defendant views", "select data::text from mt_doc_defendantview where id = any(@d) and pg_column_compression(data) is not null"),
                     ("defendant write models", "select data::text from mt_doc_defendant where id = any(@d) and pg_column_compression(data) is not null"),
                     ("campaign view", "select data::text from mt_doc_campaignview where id = @c and pg_column_compression(data) is not null"),
                 })
        {
            var docs = new List<string>();
            await using (var read = new NpgsqlCommand(sql, connection))
            {
                read.Parameters.AddWithValue("d", defendants.ToArray());
                read.Parameters.AddWithValue("c", campaign);
                await using var reader = await read.ExecuteReaderAsync();
                while (await reader.ReadAsync()) docs.Add(reader.GetString(0));
            }
            if (docs.Count == 0)
            {
                Console.WriteLine($"  {what}: none compressed (under TOAST's threshold); lz4 would change nothing.");
                continue;
            }

            var repeat = Math.Max(1, 200_000_000 / docs.Sum(d => d.Length));
            var results = new Dictionary<string, List<(double Write, double Read, long Size)>> { ["pglz"] = [], ["lz4"] = [] };
            for (var trial = 0; trial < 5; trial++)
                foreach (var method in trial % 2 == 0 ? new[] { "pglz", "lz4" } : ["lz4", "pglz"])
                {
                    await Execute(connection, $"drop table if exists bench_{method}; create table bench_{method} (data jsonb compression {method})");
                    var write = Stopwatch.StartNew();
                    await using (var insert = new NpgsqlCommand($"insert into bench_{method} (data) select d::jsonb from unnest(@docs) d, generate_series(1, @repeat)", connection))
                    {
                        insert.Parameters.AddWithValue("docs", docs.ToArray());
                        insert.Parameters.AddWithValue("repeat", repeat);
                        await insert.ExecuteNonQueryAsync();
                    }
                    var written = write.Elapsed.TotalMilliseconds;
                    var read = Stopwatch.StartNew();
                    await Execute(connection, $"select sum(octet_length(data->>'id')) from bench_{method}");
                    var size = (long)(await new NpgsqlCommand($"select pg_total_relation_size('bench_{method}')", connection).ExecuteScalarAsync())!;
                    results[method].Add((written, read.Elapsed.TotalMilliseconds, size));
                }
            Console.WriteLine($"  {what}: {docs.Count} documents of {docs.Average(d => d.Length):N0} characters, each written {repeat:N0} times per trial:");
            foreach (var (method, trials) in results)
            {
                double Median(Func<(double Write, double Read, long Size), double> of) => trials.Select(of).Order().ElementAt(trials.Count / 2);
                Console.WriteLine($"    {method}: write {Median(t => t.Write):N0} ms, read {Median(t => t.Read):N0} ms, table {Median(t => t.Size) / 1024 / 1024:N1} MiB" +
                                  $" (writes {string.Join(", ", trials.Select(t => t.Write.ToString("N0")))}; reads {string.Join(", ", trials.Select(t => t.Read.ToString("N0")))})");
            }
        }
        await Execute(connection, "drop table if exists bench_pglz; drop table if exists bench_lz4");
    }

    /// <summary>1,000 developments as long cases go: a charge every 20th, a hearing every 10th, detentions and custody changes between.</summary>
    private static object[] Mixed(Guid defendant, Guid campaign, Source source, int count)
    {
        var day = new DateOnly(2020, 1, 1);
        return Enumerable.Range(0, count).Select(i => i % 20 == 0
                ? new ChargeFiled(defendant, campaign, Guid.CreateVersion7(),
                    new ChargeDetails($"Article {174 + i / 20}", ChargeKind.Criminal, "Inciting social discord", "10 years"), day.AddDays(i), source)
                : i % 10 == 5
                    ? new HearingScheduled(defendant, campaign, Guid.CreateVersion7(), day.AddDays(i + 30), "Specialised inter-district court",
                        "Almaty", "Preliminary hearing", day.AddDays(i), source)
                    : Seed.Developments(defendant, campaign, source, 2)[i % 2])
            .ToArray();
    }

    private static async Task Append(IDocumentStore store, Guid defendant, object[] events)
    {
        await using var session = store.LightweightSession();
        session.Events.Append(defendant, events);
        await session.SaveChangesAsync();
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
