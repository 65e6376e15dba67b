namespace Campaign.Access;

/// <summary>
/// Counts changes to keys and memberships. Credentials checked within the last few seconds are trusted from memory
/// until the count moves: a revocation or a membership change takes effect at once on this node, and within
/// <see cref="CacheFor"/> on any other.
/// </summary>
public sealed class AccessChanges
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    private long generation;

    public long Generation => Interlocked.Read(ref generation);

    public void Changed() => Interlocked.Increment(ref generation);
}
