using Marten;
using Wolverine.Marten;

namespace Campaign.Access;

/// <summary>
/// Counts changes to keys and memberships. Credentials checked within the last few seconds are trusted from memory
/// until the count moves. Every change is announced to all the nodes on the database in the transaction that makes it
/// (<see cref="Announce"/>), and each node moves its count when it hears one (<see cref="AccessChangeListener"/>): a
/// revocation or a membership change takes effect at once on every node. A node that may have missed an announcement
/// (its listening session was cut) forgets everything it remembers; <see cref="CacheFor"/> bounds what it trusts meanwhile.
/// </summary>
public sealed class AccessChanges
{
    public const string Channel = "campaign_access_changes";
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    private long generation;

    public long Generation => Interlocked.Read(ref generation);

    /// <summary>Forgets, on this node, every key and membership it remembers.</summary>
    public void Changed() => Interlocked.Increment(ref generation);

    /// <summary>
    /// Tells every node, when (and only if) the session's transaction commits, to forget what it remembers of keys and
    /// memberships. PostgreSQL delivers a <c>NOTIFY</c> to its listeners at commit, in milliseconds.
    /// </summary>
    public static void Announce(IDocumentOperations session) => session.QueueSqlCommand($"notify {Channel}"); // a statement with no result, unlike pg_notify()

    /// <summary><see cref="Announce"/> as a side effect of a command's handler.</summary>
    public static IMartenOp Announcement() => new Announced();

    private sealed class Announced : IMartenOp
    {
        public void Execute(IDocumentSession session) => Announce(session);
    }
}
