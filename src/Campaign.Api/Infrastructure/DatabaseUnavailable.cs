using Npgsql;

namespace Campaign.Infrastructure;

/// <summary>
/// Whether a request failed because PostgreSQL could not be reached or turned the service away for now: refused or
/// dropped connections, a server shutting down or out of connections, no pooled connection free in time, a statement
/// cancelled by its time limit. Npgsql reports its own network errors and time-outs as transient <see cref="NpgsqlException"/>s;
/// a bare socket error or time-out comes from elsewhere (an identity provider, an HTTP call) and is not the database's.
/// Marten and Wolverine wrap these, so every inner exception is searched.
/// </summary>
public static class DatabaseUnavailable
{
    /// <summary>How long a client is asked to wait before trying again.</summary>
    public const int RetryAfterSeconds = 5;

    public static bool Caused(Exception error) => Chain(error).Any(e =>
        e is NpgsqlException { IsTransient: true } or PostgresException { SqlState: PostgresErrorCodes.QueryCanceled });

    private static IEnumerable<Exception> Chain(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
        {
            yield return error;
            if (error is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain)) yield return inner;
        }
    }
}
