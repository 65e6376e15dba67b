using Npgsql;

namespace Campaign.Benchmarks;

public static class Database
{
    /// <summary>
    /// Waits until the service's async daemon has processed every event in the given shards (by default the campaign
    /// views and the audit chain). A shard the daemon has not started yet counts as behind for 30 s; after that, one
    /// that never appears is not waited for.
    /// </summary>
    public static async Task DaemonCaughtUp(string connectionString, params string[] names)
    {
        if (names.Length == 0) names = ["CampaignView:All", "EventChain:All"];
        const string shards = """
            select count(*), count(*) filter (where last_seq_id < (select coalesce(max(seq_id), 0) from mt_events))
            from mt_event_progression where name = any(@names)
            """;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var started = DateTime.UtcNow;
        while (DateTime.UtcNow - started < TimeSpan.FromMinutes(10))
        {
            await using var command = new NpgsqlCommand(shards, connection);
            command.Parameters.AddWithValue("names", names);
            await using (var reader = await command.ExecuteReaderAsync())
            {
                await reader.ReadAsync();
                var (present, behind) = (reader.GetInt64(0), reader.GetInt64(1));
                if (behind == 0 && (present == names.Length || DateTime.UtcNow - started > TimeSpan.FromSeconds(30))) return;
            }
            await Task.Delay(100);
        }
    }

    public static async Task<T> Scalar<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return (T)(await new NpgsqlCommand(sql, connection).ExecuteScalarAsync())!;
    }
}
