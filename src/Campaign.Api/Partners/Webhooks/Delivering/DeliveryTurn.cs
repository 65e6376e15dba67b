using Npgsql;

namespace Campaign.Partners.Webhooks.Delivering;

/// <summary>A session-level PostgreSQL advisory lock on one subscription, held while its deliveries run.</summary>
public sealed class DeliveryTurn : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly long key;

    private DeliveryTurn(NpgsqlConnection connection, long key) => (this.connection, this.key) = (connection, key);

    /// <summary>The turn, or null when another delivery of the same subscription is running (here or on another node).</summary>
    public static async Task<DeliveryTurn?> Take(Guid subscription, IConfiguration configuration, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(Infrastructure.EventStore.ConnectionString(configuration));
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("select pg_try_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", LockKey(subscription));
        if ((bool)(await command.ExecuteScalarAsync(ct))!) return new DeliveryTurn(connection, LockKey(subscription));
        await connection.DisposeAsync();
        return null;
    }

    // Released explicitly: a pooled connection is not closed, and its session (and lock) would outlive this turn.
    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new NpgsqlCommand("select pg_advisory_unlock(@key)", connection);
            command.Parameters.AddWithValue("key", key);
            await command.ExecuteScalarAsync();
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }

    private static long LockKey(Guid subscription) => BitConverter.ToInt64(subscription.ToByteArray(), 8) ^ 0x5765626B6F6F6B73; // "Webhooks"
}
