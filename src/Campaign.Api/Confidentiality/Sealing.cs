using System.Security.Cryptography;
using System.Text;

namespace Campaign.Confidentiality;

/// <summary>
/// Seals a confidential value with its subject's key (AES-256-GCM, the subject bound as associated data) into
/// <c>sealed:v1:{subject}:{nonce|ciphertext|tag}</c>, and opens it again while the key exists.
/// </summary>
public static class Sealing
{
    public const string Erased = "[erased]";
    private const string Prefix = "sealed:v1:";
    private const int NonceSize = 12, TagSize = 16;

    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(32);

    public static string Seal(Guid subject, byte[] key, string plaintext)
    {
        var clear = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[NonceSize + clear.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, clear, sealedBytes.AsSpan(NonceSize, clear.Length), sealedBytes.AsSpan(NonceSize + clear.Length), subject.ToByteArray());
        return $"{Prefix}{subject:N}:{Convert.ToBase64String(sealedBytes)}";
    }

    public static bool IsSealed(string value) => value.StartsWith(Prefix, StringComparison.Ordinal);

    public static Guid? SubjectOf(string value) =>
        IsSealed(value) && value.Length >= Prefix.Length + 32 && Guid.TryParseExact(value.AsSpan(Prefix.Length, 32), "N", out var subject)
            ? subject : null;

    /// <summary>
    /// The plaintext of a value sealed for <paramref name="subject"/>, or <see cref="Erased"/> when the key is gone, the value
    /// names another subject (copied from elsewhere) or it was tampered with.
    /// </summary>
    public static string Open(string value, Guid subject, byte[]? key)
    {
        if (key is null || SubjectOf(value) != subject) return Erased;
        try
        {
            var sealedBytes = Convert.FromBase64String(value[(Prefix.Length + 33)..]);
            if (sealedBytes.Length < NonceSize + TagSize) return Erased;
            var clear = new byte[sealedBytes.Length - NonceSize - TagSize];
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, clear.Length),
                sealedBytes.AsSpan(NonceSize + clear.Length), clear, subject.ToByteArray());
            return Encoding.UTF8.GetString(clear);
        }
        catch (Exception error) when (error is FormatException or CryptographicException or ArgumentException)
        {
            return Erased;
        }
    }
}
