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

    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(32);

    public static string Seal(Guid subject, byte[] key, string plaintext) =>
        $"{Prefix}{subject:N}:{Convert.ToBase64String(Aead.Seal(key, Encoding.UTF8.GetBytes(plaintext), subject.ToByteArray()))}";

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
            return Aead.Open(key, Convert.FromBase64String(value[(Prefix.Length + 33)..]), subject.ToByteArray()) is { } clear
                ? Encoding.UTF8.GetString(clear)
                : Erased;
        }
        catch (Exception error) when (error is FormatException or ArgumentException)
        {
            return Erased;
        }
    }
}
