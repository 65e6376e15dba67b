using Npgsql;

namespace Campaign.Access;

/// <summary>
/// Listens, on a PostgreSQL session of its own, for the changes to keys and memberships announced by any node
/// (<see cref="AccessChanges.Announce"/>), and makes this node forget what it remembers of them. A <c>NOTIFY</c> is
/// sent by the transaction that makes the change, only if it commits, and reaches every listening node in milliseconds.
/// (Wolverine's broadcast to all nodes goes through its control queue, which each node polls once a second, and is
/// sent after the commit, not durably: a node that crashes in between would leave the others trusting a revoked key
/// until their cache expires.) When the session is cut (a database restart), the node listens again within a second
/// and forgets everything, since it may have missed announcements meanwhile; until then it trusts what it remembers
/// for at most <see cref="AccessChanges.CacheFor"/>, as before.
/// </summary>
public sealed class AccessChangeListener(IConfiguration configuration, AccessChanges changes, ILogger<AccessChangeListener> logger)
    : BackgroundService
{
    private static readonly TimeSpan ProbeEvery = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(1);

    /// <summary>Whether this node hears the announcements now.</summary>
    public bool Listening { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Listen(() =>
                {
                    if (failing) logger.LogInformation("Listening again for changes to keys and memberships.");
                    failing = false;
                }, stoppingToken);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                Listening = false;
                changes.Changed();
                if (!failing) logger.LogWarning(error, "Not listening for changes to keys and memberships; trying again every {RetryEvery}.", RetryEvery);
                failing = true;
                try
                {
                    await Task.Delay(RetryEvery, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (Exception)
            {
                return; // stopping
            }
        }
    }

    private async Task Listen(Action listening, CancellationToken ct)
    {
        // A session of its own, never pooled: when it breaks, it is closed for good, and no pool resets it (UNLISTEN).
        var builder = new NpgsqlConnectionStringBuilder(Infrastructure.EventStore.ConnectionString(configuration)) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Notification += (_, _) => changes.Changed();
        await connection.OpenAsync(ct);
        await using (var listen = new NpgsqlCommand($"listen {AccessChanges.Channel}", connection)) await listen.ExecuteNonQueryAsync(ct);
        changes.Changed(); // whatever was announced before this session listened
        Listening = true;
        listening();
        while (true)
        {
            // A broken session is found by the next probe, at the latest.
            if (await connection.WaitAsync(ProbeEvery, ct)) continue;
            await using var probe = new NpgsqlCommand("select 1", connection);
            await probe.ExecuteScalarAsync(ct);
        }
    }
}
