namespace Campaign.Confidentiality;

/// <summary>
/// The key that encrypts a data subject's confidential fields (a defendant's, or a campaign's own stream), kept
/// apart from the events in its own table. Erasing the subject's data destroys the key: the events stay, unreadable.
/// </summary>
public sealed class PersonalDataKey
{
    public required Guid Id { get; init; }
    /// <summary>The key, wrapped with the master key when <see cref="Wrapped"/>; null once erased.</summary>
    public byte[]? Key { get; set; }
    public bool Wrapped { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ErasedAt { get; set; }
    public string? ErasedBy { get; set; }
    public string? ErasureReason { get; set; }
}
