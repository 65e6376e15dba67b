using JasperFx;
using Npgsql;

namespace Campaign.Infrastructure.Writing;

/// <summary>
/// A commit that failed only because another write reached the same stream (or inserted the same document) between
/// this write's read and its commit. Deciding again on the new state settles it: the write goes through, or it meets
/// the client's stale expected version, or a case it now contradicts. Two writes that each wait for the other (a deadlock,
/// which PostgreSQL ends by failing one of them) are settled the same way.
/// </summary>
public static class LostRace
{
    /// <summary>The pauses before each new attempt (ten in all, about 4 s), after which the conflict is answered 409.</summary>
    public static readonly TimeSpan[] Cooldowns = [.. new[] { 10, 20, 40, 80, 160, 320, 640, 1000, 1500 }.Select(ms => TimeSpan.FromMilliseconds(ms))];

    public static bool Caused(Exception error) => error switch
    {
        ConcurrencyException or DocumentAlreadyExistsException => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "pk_mt_events_stream_and_version" } => true,
        PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected } => true,
        _ => error.InnerException is { } inner && Caused(inner),
    };
}
