using System.Security.Cryptography;
using System.Text;

namespace Campaign.Confidentiality;

/// <summary>
/// The fingerprint kept of a request to recognise its retries (Idempotency-Key): an HMAC-SHA256 with a key derived from the
/// master key, so that a copy of the database alone cannot test a guessed request (a guessed legal name) against it.
/// Without a master key the HMAC key is a public constant: such a copy can then test guesses, as it can also open the
/// personal-data keys, which are stored unwrapped.
/// </summary>
public sealed class RequestFingerprints(MasterKey master)
{
    public const string Purpose = "idempotency-fingerprint";

    private readonly byte[] key = master.Derive(Purpose) ?? SHA256.HashData(Encoding.UTF8.GetBytes(Purpose));

    public string Of(string request) => Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(request)));
}
