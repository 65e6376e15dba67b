using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Campaign.Auditing.Chain;

/// <summary>
/// The tamper-evident chain over every event in global order: <c>hash_n = SHA-256(hash_{n-1} || canonical(event_n))</c>,
/// where the canonical form holds the event's position, id, stream, version, type, data, metadata and recorded time.
/// </summary>
public static class EventChain
{
    public static readonly string Genesis = new('0', 64);

    public static string Next(string previousHash, RecordedEvent e) =>
        Convert.ToHexStringLower(SHA256.HashData([.. Encoding.UTF8.GetBytes(previousHash), .. Canonical(e)]));

    public static byte[] Canonical(RecordedEvent e)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("position", e.Position);
            json.WriteString("id", e.Id);
            json.WriteString("stream", e.StreamId);
            json.WriteNumber("version", e.Version);
            json.WriteString("type", e.Type);
            json.WriteString("recordedAt", e.RecordedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture));
            json.WriteString("correlationId", e.CorrelationId);
            json.WriteString("causationId", e.CausationId);
            json.WriteString("userName", e.UserName);
            json.WriteString("headers", e.Headers);
            json.WriteString("data", e.Data);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
