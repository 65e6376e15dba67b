using System.Text;
using Campaign.Infrastructure.Settings;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace Campaign.Auditing.Chain;

/// <summary>
/// Signs chain checkpoints with Ed25519. The key is the base64 32-byte seed in <c>Audit:SigningKey</c>; without one,
/// a key is made for this run only (and a warning logged), which suits a demo but not an audit.
/// </summary>
public sealed class AuditSigner
{
    private readonly Ed25519PrivateKeyParameters key;

    public AuditSigner(IOptions<AuditOptions> options, ILogger<AuditSigner> logger)
    {
        if (options.Value.SigningKey is { Length: > 0 } seed)
            key = new Ed25519PrivateKeyParameters(Convert.FromBase64String(seed));
        else
        {
            logger.LogWarning("No Audit:SigningKey configured: chain checkpoints are signed with a key made for this run only.");
            key = new Ed25519PrivateKeyParameters(new SecureRandom());
        }
        PublicKey = Convert.ToBase64String(key.GeneratePublicKey().GetEncoded());
    }

    /// <summary>The base64 Ed25519 public key that verifies this service's checkpoints.</summary>
    public string PublicKey { get; }

    public ChainCheckpoint Checkpoint(long position, string hash, DateTimeOffset now)
    {
        var signedAt = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());
        var signer = new Ed25519Signer();
        signer.Init(true, key);
        var statement = Encoding.UTF8.GetBytes(ChainCheckpoint.CheckpointStatement(position, hash, signedAt));
        signer.BlockUpdate(statement, 0, statement.Length);
        return new ChainCheckpoint
        {
            Id = position, Hash = hash, SignedAt = signedAt, PublicKey = PublicKey, Signature = Convert.ToBase64String(signer.GenerateSignature()),
        };
    }

    public static bool IsSignedBy(ChainCheckpoint checkpoint, string publicKey)
    {
        try
        {
            var verifier = new Ed25519Signer();
            verifier.Init(false, new Ed25519PublicKeyParameters(Convert.FromBase64String(publicKey)));
            var statement = Encoding.UTF8.GetBytes(checkpoint.Statement);
            verifier.BlockUpdate(statement, 0, statement.Length);
            return verifier.VerifySignature(Convert.FromBase64String(checkpoint.Signature));
        }
        catch (Exception error) when (error is FormatException or ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>The <c>Audit</c> settings: the Ed25519 seed that signs checkpoints, and how many positions apart they are.</summary>
public sealed class AuditOptions
{
    [Base64Key(32)] public string? SigningKey { get; set; }
    [AboveZero] public long CheckpointEvery { get; set; } = 1000;
}
