using System.Security.Cryptography;
using System.Text;

namespace Campaign.Partners.Webhooks;

/// <summary>Standard Webhooks v1: base64 HMAC-SHA256 of <c>{webhook-id}.{webhook-timestamp}.{body}</c> with the secret's bytes.</summary>
public static class WebhookSignature
{
    public static string Sign(string secret, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        var key = Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret[6..] : secret);
        byte[] signed = [.. Encoding.UTF8.GetBytes($"{messageId}.{timestamp}."), .. body];
        return $"v1,{Convert.ToBase64String(HMACSHA256.HashData(key, signed))}";
    }
}
