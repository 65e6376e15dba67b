using Campaign.Infrastructure.Settings;
using Npgsql;

namespace Campaign.Operations;

/// <summary>
/// Limits on every PostgreSQL session the service opens. While a transaction holds an event sequence number, the
/// async daemon (and with it the feed, webhooks, the campaign view and the audit chain) waits for it, so none of the
/// service's own transactions may stay open long: a statement running past <c>Database:StatementTimeout</c> (30 s)
/// or a transaction idle past <c>Database:IdleInTransactionTimeout</c> (10 s) is ended by PostgreSQL. Zero turns a limit off.
/// The schema changes applied at start-up run under the same limits (Marten takes no other connection for them): the
/// README tells operators to apply a large upgrade with <c>db-apply</c> and the statement limit off.
/// PostgreSQL also probes each idle session's TCP connection (after 10 s, every 5 s, 3 times): a node cut off by the
/// network loses its sessions, and with them the advisory locks they hold (Wolverine's leadership, a webhook delivery
/// turn), within about 25 s instead of the system's default of two hours (<see cref="Cluster"/>). Sessions over a Unix
/// socket ignore these.
/// </summary>
public static class SessionLimits
{
    /// <summary>The connection string with the limits as session options, ahead of any the operator gave (which win).</summary>
    public static string Apply(string connectionString, IConfiguration configuration)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new();
        string[] limits =
        [
            Option("statement_timeout", database.StatementTimeout),
            Option("idle_in_transaction_session_timeout", database.IdleInTransactionTimeout),
            "-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3",
        ];
        builder.Options = string.Join(' ', limits.Append(builder.Options).Where(o => !string.IsNullOrWhiteSpace(o)));
        return builder.ConnectionString;
    }

    private static string Option(string setting, TimeSpan limit) =>
        limit > TimeSpan.Zero ? $"-c {setting}={(long)Math.Ceiling(limit.TotalMilliseconds)}" : "";
}

/// <summary>
/// The <c>Database</c> settings, read when the event store is set up (see <see cref="SessionLimits"/>) and checked at
/// start-up like every other section.
/// </summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    [NotNegative] public TimeSpan StatementTimeout { get; set; } = TimeSpan.FromSeconds(30);
    [NotNegative] public TimeSpan IdleInTransactionTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
