using Npgsql;

namespace Campaign.Tests.Faults;

/// <summary>What the cluster's database holds, read directly (never through the nodes).</summary>
public sealed partial class FaultCluster
{
    /// <summary>The last event's position now.</summary>
    public async Task<long> LastPosition()
    {
        await using var connection = await Postgres.Open();
        return (long)(await new NpgsqlCommand("select coalesce(max(seq_id), 0) from mt_events", connection).ExecuteScalarAsync())!;
    }

    /// <summary>The positions of the events whose organisation is a key of <paramref name="run"/>, by key.</summary>
    public async Task<Dictionary<string, List<long>>> Recorded(string run)
    {
        await using var connection = await Postgres.Open();
        await using var command = new NpgsqlCommand("select data->>'organisation', seq_id from mt_events where data->>'organisation' like @run", connection);
        command.Parameters.AddWithValue("run", run + "-%");
        await using var reader = await command.ExecuteReaderAsync();
        var recorded = new Dictionary<string, List<long>>();
        while (await reader.ReadAsync())
        {
            var key = reader.GetString(0);
            if (!recorded.TryGetValue(key, out var positions)) recorded[key] = positions = [];
            positions.Add(reader.GetInt64(1));
        }
        return recorded;
    }

    public async Task<List<long>> PositionsAfter(long position)
    {
        await using var connection = await Postgres.Open();
        await using var command = new NpgsqlCommand("select seq_id from mt_events where seq_id > @after order by seq_id", connection);
        command.Parameters.AddWithValue("after", position);
        await using var reader = await command.ExecuteReaderAsync();
        var positions = new List<long>();
        while (await reader.ReadAsync()) positions.Add(reader.GetInt64(0));
        return positions;
    }
}
