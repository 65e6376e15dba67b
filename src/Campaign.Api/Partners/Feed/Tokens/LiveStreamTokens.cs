using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Campaign.Confidentiality;

namespace Campaign.Partners.Feed.Tokens;

/// <summary>What a live-stream token allows: the live stream, as the key it was made with, with its filters, until it expires.</summary>
public sealed record LiveStreamGrant(string Purpose, string KeyId, long ExpiresAt, string[]? Types, Guid[]? Campaigns)
{
    [JsonIgnore]
    public FeedFilter Filter => new(Types, Campaigns);

    [JsonIgnore]
    public DateTimeOffset Expires => DateTimeOffset.FromUnixTimeSeconds(ExpiresAt);
}

/// <summary>
/// Tokens for the live stream in the query string, where a browser's EventSource can send no header: a grant and its
/// HMAC-SHA256 with a key derived from the master key, so that every node checks them and none can be altered or extended.
/// Without a master key, the key is this process's own: its tokens work on this node until it restarts.
/// </summary>
public sealed class LiveStreamTokens(MasterKey master, TimeProvider clock)
{
    public const string QueryName = "access_token";
    public const string Purpose = "live-stream";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly byte[] key = master.Derive("live-stream-token") ?? RandomNumberGenerator.GetBytes(32);

    public (string Token, DateTimeOffset ExpiresAt) Issue(string keyId, FeedFilter filter)
    {
        var expiresAt = clock.GetUtcNow().Add(Lifetime);
        var grant = new LiveStreamGrant(Purpose, keyId, expiresAt.ToUnixTimeSeconds(),
            filter.Types is { Count: > 0 } types ? [.. types] : null, filter.Campaigns is { Count: > 0 } campaigns ? [.. campaigns] : null);
        return (Sign(grant), grant.Expires);
    }

    internal string Sign(LiveStreamGrant grant)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(grant);
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(HMACSHA256.HashData(key, payload))}";
    }

    /// <summary>The grant of a token signed here, for the live stream and not yet expired; null for any other.</summary>
    public LiveStreamGrant? Read(string token)
    {
        if (token.Split('.') is not [var payloadText, var macText]) return null;
        byte[] payload, mac;
        try
        {
            (payload, mac) = (Base64Url.DecodeFromChars(payloadText), Base64Url.DecodeFromChars(macText));
        }
        catch (FormatException)
        {
            return null;
        }
        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, payload), mac)) return null;
        var grant = JsonSerializer.Deserialize<LiveStreamGrant>(payload);
        return grant is { Purpose: Purpose } && grant.ExpiresAt > clock.GetUtcNow().ToUnixTimeSeconds() ? grant : null;
    }
}
