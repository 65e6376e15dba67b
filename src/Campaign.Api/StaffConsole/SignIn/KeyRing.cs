using System.Security.Cryptography;
using System.Xml.Linq;
using Marten;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Campaign.StaffConsole.SignIn;

/// <summary>One key of the ring that protects console cookies and antiforgery tokens.</summary>
public sealed class KeyRingEntry
{
    public required string Id { get; init; }
    public required string Xml { get; init; }
}

/// <summary>The data-protection key ring, kept in the database so that every node opens every other's cookies.</summary>
public sealed class KeyRing(IDocumentStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        // The repository interface is synchronous; Marten 9 reads only asynchronously.
        return Task.Run(async () =>
        {
            await using var session = store.QuerySession();
            return (await session.Query<KeyRingEntry>().ToListAsync()).Select(entry => XElement.Parse(entry.Xml)).ToList();
        }).GetAwaiter().GetResult();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        Task.Run(async () =>
        {
            await using var session = store.LightweightSession();
            session.Store(new KeyRingEntry { Id = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
            await session.SaveChangesAsync();
        }).GetAwaiter().GetResult();
    }
}

/// <summary>
/// Wraps each key of the ring with a key derived from the master key (AES-GCM), so that a copy of the database alone
/// cannot forge a session. Without a master key the ring is stored in clear, like the personal-data keys.
/// </summary>
public sealed class KeyRingEncryption(byte[] key) : IXmlEncryptor
{
    public const string Purpose = "console-key-ring";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plain = System.Text.Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedBytes = new byte[12 + plain.Length + 16];
        RandomNumberGenerator.Fill(sealedBytes.AsSpan(0, 12));
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(sealedBytes.AsSpan(0, 12), plain, sealedBytes.AsSpan(12, plain.Length), sealedBytes.AsSpan(12 + plain.Length));
        return new EncryptedXmlInfo(new XElement("sealed", Convert.ToBase64String(sealedBytes)), typeof(KeyRingDecryption));
    }
}

/// <summary>Opens the ring's keys; created by data protection itself, with the service's container.</summary>
public sealed class KeyRingDecryption(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var key = services.GetRequiredService<Confidentiality.MasterKey>().Derive(KeyRingEncryption.Purpose)
            ?? throw new InvalidOperationException("The console's key ring is wrapped with a master key, and none is configured.");
        var sealedBytes = Convert.FromBase64String(encryptedElement.Value);
        var plain = new byte[sealedBytes.Length - 28];
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(sealedBytes.AsSpan(0, 12), sealedBytes.AsSpan(12, plain.Length), sealedBytes.AsSpan(12 + plain.Length), plain);
        return XElement.Parse(System.Text.Encoding.UTF8.GetString(plain));
    }
}
