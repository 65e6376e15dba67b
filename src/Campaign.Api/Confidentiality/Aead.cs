using System.Security.Cryptography;

namespace Campaign.Confidentiality;

/// <summary>
/// AES-256-GCM as every encrypted value here is stored: a random nonce, the ciphertext, then the tag, bound to what it
/// belongs to (the associated data), so that a value moved to another owner or place does not open.
/// </summary>
public static class Aead
{
    private const int NonceSize = 12, TagSize = 16;

    public static byte[] Seal(byte[] key, ReadOnlySpan<byte> clear, ReadOnlySpan<byte> boundTo)
    {
        var sealedBytes = new byte[NonceSize + clear.Length + TagSize];
        RandomNumberGenerator.Fill(sealedBytes.AsSpan(0, NonceSize));
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(sealedBytes.AsSpan(0, NonceSize), clear, sealedBytes.AsSpan(NonceSize, clear.Length),
            sealedBytes.AsSpan(NonceSize + clear.Length), boundTo);
        return sealedBytes;
    }

    /// <summary>The clear bytes, or null when they do not open: another key or owner, too short, or altered.</summary>
    public static byte[]? Open(byte[] key, ReadOnlySpan<byte> sealedBytes, ReadOnlySpan<byte> boundTo)
    {
        if (sealedBytes.Length < NonceSize + TagSize) return null;
        var clear = new byte[sealedBytes.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(sealedBytes[..NonceSize], sealedBytes.Slice(NonceSize, clear.Length), sealedBytes[(NonceSize + clear.Length)..], clear, boundTo);
            return clear;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
