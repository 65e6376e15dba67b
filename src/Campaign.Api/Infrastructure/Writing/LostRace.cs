using JasperFx;
using Npgsql;

namespace Campaign.Infrastructure.Writing;

/// <summary>
/// A commit that failed only because another write reached the same stream (or inserted the same document) between
/// this write's read and its commit. Deciding again on the new state settles it: the write goes through, or it meets
/// the client's stale expected version, or a case it now contradicts.
/// </summary>
public static class LostRace
{
    /// <summary>How many times a write is decided and committed before its conflict is answered 409.</summary>
    public const int Attempts = 10;

    public static bool Caused(Exception error) => error switch
    {
        ConcurrencyException or DocumentAlreadyExistsException => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "pk_mt_events_stream_and_version" } => true,
        _ => error.InnerException is { } inner && Caused(inner),
    };

    /// <summary>
    /// A random wait of up to 20 ms after the first attempt, doubling after each (at most 1 s): writers who collided
    /// spread out, at worst about 4 s in all.
    /// </summary>
    public static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Random.Shared.Next(1, Math.Min(1000, 20 << Math.Min(attempt - 1, 6))));
}
