using Npgsql;

namespace Campaign.Tests.Support;

/// <summary>
/// One database of the test cluster taken away: every connection to it ended and new ones refused, superusers' included,
/// until it is given back (when disposed, or by <see cref="Restore"/>).
/// </summary>
public sealed class DatabaseOutage(string connectionString) : IAsyncDisposable
{
    public static async Task<DatabaseOutage> Of(string connectionString)
    {
        var outage = new DatabaseOutage(connectionString);
        try
        {
            await Run(connectionString, db => $"""
                alter database "{db}" allow_connections false;
                select pg_terminate_backend(pid) from pg_stat_activity where datname = '{db}';
                """);
        }
        catch
        {
            await outage.DisposeAsync();
            throw;
        }
        return outage;
    }

    /// <summary>Gives the database back; also after a run that stopped while it was away. Nothing happens if it does not exist.</summary>
    public static Task Restore(string connectionString) => Run(connectionString, db => $"""alter database "{db}" allow_connections true""");

    public async ValueTask DisposeAsync() => await Restore(connectionString);

    private static async Task Run(string connectionString, Func<string, string> sql)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync() is not null) await new NpgsqlCommand(sql(database), connection).ExecuteNonQueryAsync();
    }
}
