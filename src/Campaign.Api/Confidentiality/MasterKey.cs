using System.Security.Cryptography;
using Campaign.Infrastructure.Settings;
using Microsoft.Extensions.Options;

namespace Campaign.Confidentiality;

/// <summary>
/// Wraps each subject's key with the master key in <c>Confidentiality:MasterKey</c> (base64, 32 bytes), so that a copy
/// of the database alone opens no confidential field. Without one (a demo), keys are stored as they are, with a warning.
/// </summary>
public sealed class MasterKey
{
    private readonly byte[]? key;

    public MasterKey(IOptions<ConfidentialityOptions> options, ILogger<MasterKey> logger)
    {
        if (options.Value.MasterKey is { Length: > 0 } configured) key = Convert.FromBase64String(configured);
        else logger.LogWarning("No Confidentiality:MasterKey configured: personal-data keys are stored unwrapped.");
    }

    public bool Enabled => key is not null;

    /// <summary>A key of its own for one <paramref name="purpose"/>, derived from the master key (HKDF-SHA256); null without one.</summary>
    public byte[]? Derive(string purpose) =>
        key is null ? null : HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, info: System.Text.Encoding.UTF8.GetBytes(purpose));

    public byte[] Wrap(Guid subject, byte[] subjectKey) => key is null ? subjectKey : Aead.Seal(key, subjectKey, subject.ToByteArray());

    /// <summary>A secret the service must read back (e.g. a webhook signing secret), stored wrapped when a master key is set.</summary>
    public string Protect(Guid owner, string secret) =>
        key is null ? secret : WrappedPrefix + Convert.ToBase64String(Wrap(owner, System.Text.Encoding.UTF8.GetBytes(secret)));

    public string Reveal(Guid owner, string stored)
    {
        if (!stored.StartsWith(WrappedPrefix, StringComparison.Ordinal)) return stored;
        var bytes = Unwrap(owner, new PersonalDataKey { Id = owner, Key = Convert.FromBase64String(stored[WrappedPrefix.Length..]), Wrapped = true, CreatedAt = default })
            ?? throw new InvalidOperationException($"A secret of {owner} does not open with the configured master key.");
        return System.Text.Encoding.UTF8.GetString(bytes);
    }

    private const string WrappedPrefix = "wrapped:v1:";

    /// <summary>The subject's key, or null when it cannot be unwrapped (another master key).</summary>
    public byte[]? Unwrap(Guid subject, PersonalDataKey stored)
    {
        if (stored.Key is not { } bytes || !stored.Wrapped) return stored.Key;
        return key is null ? null : Aead.Open(key, bytes, subject.ToByteArray());
    }
}

/// <summary>The <c>Confidentiality</c> settings.</summary>
public sealed class ConfidentialityOptions
{
    [Base64Key(32)] public string? MasterKey { get; set; }
}
