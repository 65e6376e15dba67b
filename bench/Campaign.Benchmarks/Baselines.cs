using Npgsql;
using NpgsqlTypes;

namespace Campaign.Benchmarks;

/// <summary>
/// What PostgreSQL itself does with the same JSON payloads on the same database: the yardsticks. Each is warmed up,
/// then measured in trials of the same size in quick and full mode.
/// </summary>
public sealed class Baselines(string connectionString, string payload, int trials)
{
    public async Task Prepare()
    {
        await Execute("drop table if exists bench_raw; create table bench_raw (seq bigserial primary key, stream uuid not null, data jsonb not null)");
    }

    /// <summary>One row per transaction, from 8 connections at once: 10,000 rows a trial.</summary>
    public async Task<Trials> SingleRowInserts()
    {
        var connections = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Open()));
        try
        {
            Task<double> Insert(int rows) => Measure.Rate(rows, 8, async (worker, _) =>
            {
                await using var command = new NpgsqlCommand("insert into bench_raw (stream, data) values (@stream, @data::jsonb)", connections[worker]);
                command.Parameters.AddWithValue("stream", Guid.NewGuid());
                command.Parameters.AddWithValue("data", payload);
                await command.ExecuteNonQueryAsync();
            });
            return await Measure.Trials(trials, () => Insert(1_000), _ => Insert(10_000));
        }
        finally
        {
            foreach (var connection in connections) await connection.DisposeAsync();
        }
    }

    /// <summary>Statements of 100 rows each, one connection: 300 statements a trial.</summary>
    public async Task<Trials> MultiRowInserts()
    {
        await using var connection = await Open();
        var values = string.Join(',', Enumerable.Range(0, 100).Select(i => $"(@s{i}, @d::jsonb)"));
        async Task<double> Insert(int statements) => 100 * await Measure.Rate(statements, 1, async (_, _) =>
        {
            await using var command = new NpgsqlCommand($"insert into bench_raw (stream, data) values {values}", connection);
            for (var i = 0; i < 100; i++) command.Parameters.AddWithValue($"s{i}", Guid.NewGuid());
            command.Parameters.AddWithValue("d", payload);
            await command.ExecuteNonQueryAsync();
        });
        return await Measure.Trials(trials, () => Insert(30), _ => Insert(300));
    }

    /// <summary>100,000 rows a trial.</summary>
    public async Task<Trials> BinaryCopy()
    {
        await using var connection = await Open();
        async Task<double> Copy(int rows)
        {
            var (_, elapsed) = await Measure.Time(async () =>
            {
                await using var writer = await connection.BeginBinaryImportAsync("copy bench_raw (stream, data) from stdin (format binary)");
                for (var i = 0; i < rows; i++)
                {
                    await writer.StartRowAsync();
                    await writer.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
                    await writer.WriteAsync(payload, NpgsqlDbType.Jsonb);
                }
                return await writer.CompleteAsync();
            });
            return rows / elapsed.TotalSeconds;
        }
        return await Measure.Trials(trials, () => Copy(10_000), _ => Copy(100_000));
    }

    /// <summary>
    /// Every event row in order, read and its JSON parsed: what any rebuild or feed must at least do. The warm-up is
    /// a whole read too, which also brings the table into PostgreSQL's cache for what is measured after it.
    /// </summary>
    public async Task<Trials> OrderedSelect() => await Measure.Trials(trials, () => OrderedSelectOnce(), _ => OrderedSelectOnce());

    private async Task<double> OrderedSelectOnce()
    {
        await using var connection = await Open();
        var (rows, elapsed) = await Measure.Time(async () =>
        {
            await using var command = new NpgsqlCommand("select seq_id, id, stream_id, type, data::text, timestamp from mt_events order by seq_id", connection);
            await using var reader = await command.ExecuteReaderAsync();
            var count = 0;
            while (await reader.ReadAsync())
            {
                System.Text.Json.JsonDocument.Parse(reader.GetString(4)).Dispose();
                count++;
            }
            return count;
        });
        return rows / elapsed.TotalSeconds;
    }

    private async Task<NpgsqlConnection> Open()
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    private async Task Execute(string sql)
    {
        await using var connection = await Open();
        await new NpgsqlCommand(sql, connection).ExecuteNonQueryAsync();
    }
}
