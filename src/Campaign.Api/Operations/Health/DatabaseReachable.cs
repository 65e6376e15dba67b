using Campaign.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Campaign.Operations.Health;

/// <summary>
/// PostgreSQL accepts a new connection and answers a query within <c>Health:Timeout</c>. A connection of its own, not
/// from a pool, so that a database that turns new connections away (stopped, restarting, out of connections) is seen
/// as it is. The reason goes to the log, not to the anonymous caller.
/// </summary>
public sealed class DatabaseReachable(IConfiguration configuration, IOptions<HealthOptions> options, ILogger<DatabaseReachable> logger) : IHealthCheck
{
    private readonly string connectionString = new NpgsqlConnectionStringBuilder(EventStore.ConnectionString(configuration))
    {
        Pooling = false,
        Timeout = (int)Math.Ceiling(options.Value.Timeout.TotalSeconds),
        CommandTimeout = (int)Math.Ceiling(options.Value.Timeout.TotalSeconds),
    }.ConnectionString;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(options.Value.Timeout);
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(limit.Token);
            await using var query = new NpgsqlCommand("select 1", connection);
            await query.ExecuteScalarAsync(limit.Token);
            return HealthCheckResult.Healthy("PostgreSQL answers.");
        }
        catch (Exception error) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(error, "Readiness: PostgreSQL cannot be reached");
            return new(context.Registration.FailureStatus, $"PostgreSQL cannot be reached within {options.Value.Timeout.TotalSeconds:0.#} s.");
        }
    }
}
