using System.Security.Cryptography;
using System.Text;

namespace Campaign.Tests.Support;

// The verification snippet of docs/partners.md, as a partner would use it (a test keeps the two identical).
public static class WebhookVerifier
{
    public static bool Verify(string secret, string id, string timestamp, string signatures, byte[] body, DateTimeOffset now)
    {
        if (!long.TryParse(timestamp, out var sentAt) || Math.Abs(now.ToUnixTimeSeconds() - sentAt) > 300) return false;
        byte[] key = Convert.FromBase64String(secret["whsec_".Length..]);
        byte[] signed = [.. Encoding.UTF8.GetBytes($"{id}.{timestamp}."), .. body];
        byte[] expected = HMACSHA256.HashData(key, signed);
        foreach (var signature in signatures.Split(' '))
        {
            var given = new byte[64];
            if (signature.StartsWith("v1,") && Convert.TryFromBase64String(signature[3..], given, out var length)
                && CryptographicOperations.FixedTimeEquals(given.AsSpan(0, length), expected))
                return true;
        }
        return false;
    }
}
