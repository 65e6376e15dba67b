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
