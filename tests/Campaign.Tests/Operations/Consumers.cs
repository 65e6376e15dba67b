using System.Text.Json;
using Campaign.Operations.Progress;
using Campaign.Tests.Support;
using Npgsql;

namespace Campaign.Tests.Operations;

/// <summary>A transaction that has taken an event sequence number and sits on it, as a slow or abandoned append does.</summary>
public sealed class HeldSequence : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlTransaction transaction;

    private HeldSequence(NpgsqlConnection connection, NpgsqlTransaction transaction, int backend, long number) =>
        (this.connection, this.transaction, Backend, Number) = (connection, transaction, backend, number);

    /// <summary>The PostgreSQL process id of the session holding it.</summary>
    public int Backend { get; }

    public long Number { get; }

    public static async Task<HeldSequence> Take(NpgsqlConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand("select nextval('mt_events_sequence'), pg_backend_pid()", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new HeldSequence(connection, transaction, reader.GetInt32(1), reader.GetInt64(0));
    }

    /// <summary>What the session is doing now, seen from another session: null once it is gone.</summary>
    public static async Task<string?> StateOf(string connectionString, int backend)
    {
        await using var observer = new NpgsqlConnection(connectionString);
        await observer.OpenAsync();
        await using var command = new NpgsqlCommand("select state from pg_stat_activity where pid = @pid", observer);
        command.Parameters.AddWithValue("pid", backend);
        return await command.ExecuteScalarAsync() as string;
    }

    /// <summary>Appends a campaign's launch at the held position, as a writer from outside the service might, and commits.</summary>
    public async Task CommitLaunchOf(Guid campaign)
    {
        await using var command = new NpgsqlCommand("""
            insert into mt_streams (id, type, version) values (@campaign, 'campaign_view', 1);
            insert into mt_events (seq_id, id, stream_id, version, type, mt_dotnet_type, timestamp, data)
            values (@position, @id, @campaign, 1, 'campaign_launched', 'Campaign.Campaigns.Launching.CampaignLaunched, Campaign.Api', now(),
                    jsonb_build_object('campaignId', @campaign, 'name', 'Launched from outside', 'country', 'Kazakhstan', 'region', null, 'summary', null))
            """, connection, transaction);
        command.Parameters.AddWithValue("campaign", campaign);
        command.Parameters.AddWithValue("position", Number);
        command.Parameters.AddWithValue("id", Guid.NewGuid());
        await command.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try { await transaction.RollbackAsync(); } catch (Exception e) when (e is NpgsqlException or InvalidOperationException) { }
        await connection.DisposeAsync();
    }
}

/// <summary>What the consumers of the events show: the operator's progress report, the feed, the campaign view and the chain.</summary>
public static class Consumers
{
    public static Task<ProgressReport> Progress(this Api api) => api.Get<ProgressReport>("/api/operations/progress");

    public static async Task<long> FeedNext(this Api api, long after) =>
        (await api.Get<JsonElement>($"/api/feed?after={after}")).GetProperty("next").GetInt64();

    public static PostgresException? PostgresError(Exception? error) =>
        error is null or PostgresException ? error as PostgresException : PostgresError(error.InnerException);
}
