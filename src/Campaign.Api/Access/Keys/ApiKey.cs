using System.Security.Cryptography;
using System.Text;

namespace Campaign.Access.Keys;

/// <summary>
/// An API key as stored: its public id, whom it belongs to and what it may do, and a salted SHA-256 of its
/// secret. The key itself (<c>cmp_{id}_{secret}</c>) is shown once, at creation, and never stored.
/// </summary>
public sealed class ApiKey
{
    private const string Prefix = "cmp_";

    public required string Id { get; init; }
    public required string Owner { get; init; }
    public required Role Role { get; init; }
    public string? Description { get; init; }
    public required byte[] Salt { get; init; }
    public required byte[] SecretHash { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }

    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    /// <summary>Issues a new key; returns the stored record and the key to hand over once.</summary>
    public static (ApiKey Record, string Key) Issue(string owner, Role role, string? description, DateTimeOffset? expiresAt,
        string createdBy, DateTimeOffset now)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var salt = RandomNumberGenerator.GetBytes(16);
        var record = new ApiKey
        {
            Id = id, Owner = owner, Role = role, Description = description, Salt = salt, SecretHash = Hash(salt, secret),
            CreatedAt = now, CreatedBy = createdBy, ExpiresAt = expiresAt,
        };
        return (record, $"{Prefix}{id}_{secret}");
    }

    public static bool LooksLikeKey(string credential) => credential.StartsWith(Prefix, StringComparison.Ordinal);

    public static bool TryParse(string key, out string id, out string secret)
    {
        (id, secret) = ("", "");
        if (!LooksLikeKey(key)) return false;
        var parts = key[Prefix.Length..].Split('_', 2);
        if (parts.Length != 2 || parts[0].Length != 16 || parts[1].Length == 0) return false;
        (id, secret) = (parts[0], parts[1]);
        return true;
    }

    /// <summary>Compares in constant time, so the answer's timing says nothing about the secret.</summary>
    public bool Matches(string secret) => CryptographicOperations.FixedTimeEquals(Hash(Salt, secret), SecretHash);

    private static byte[] Hash(byte[] salt, string secret) => SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(secret)]);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
