using System.Text;
using System.Text.Json;
using Campaign.Auditing.Chain;

namespace Campaign.Auditing.Export;

/// <summary>
/// The export: one JSON object per line, every event in global order with its metadata and chain hash (its data and
/// headers exactly as stored), then one line per signed checkpoint.
/// </summary>
public static class ExportFormat
{
    public static byte[] EventLine(RecordedEvent e, string hash)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("position", e.Position);
            json.WriteString("id", e.Id);
            json.WriteString("streamId", e.StreamId);
            json.WriteString("streamType", e.StreamType);
            json.WriteNumber("version", e.Version);
            json.WriteString("type", e.Type);
            json.WriteString("dotNetType", e.DotNetType);
            json.WriteString("recordedAt", e.RecordedAt);
            json.WriteString("recordedBy", e.UserName);
            json.WriteString("correlationId", e.CorrelationId);
            json.WriteString("causationId", e.CausationId);
            json.WritePropertyName("headers");
            if (e.Headers is null) json.WriteNullValue(); else json.WriteRawValue(e.Headers, skipInputValidation: true);
            json.WritePropertyName("data");
            json.WriteRawValue(e.Data, skipInputValidation: true);
            json.WriteString("hash", hash);
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    public static byte[] CheckpointLine(ChainCheckpoint c) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
    {
        checkpoint = new { position = c.Id, hash = c.Hash, signedAt = c.SignedAt, publicKey = c.PublicKey, signature = c.Signature },
    }) + "\n");

    /// <summary>An export read back: its events with their hashes, and its checkpoints.</summary>
    public sealed record Contents(List<(RecordedEvent Event, string Hash)> Events, List<ChainCheckpoint> Checkpoints);

    public static async Task<Contents> Read(TextReader reader)
    {
        var contents = new Contents([], []);
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0) continue;
            var root = JsonDocument.Parse(line).RootElement;
            if (root.TryGetProperty("checkpoint", out var c))
            {
                contents.Checkpoints.Add(new ChainCheckpoint
                {
                    Id = c.GetProperty("position").GetInt64(), Hash = c.GetProperty("hash").GetString()!,
                    SignedAt = c.GetProperty("signedAt").GetDateTimeOffset(), PublicKey = c.GetProperty("publicKey").GetString()!,
                    Signature = c.GetProperty("signature").GetString()!,
                });
                continue;
            }
            var headers = root.GetProperty("headers");
            contents.Events.Add((new RecordedEvent(
                root.GetProperty("position").GetInt64(), root.GetProperty("id").GetGuid(), root.GetProperty("streamId").GetGuid(),
                root.GetProperty("streamType").GetString(), root.GetProperty("version").GetInt64(), root.GetProperty("type").GetString()!,
                root.GetProperty("dotNetType").GetString(), root.GetProperty("data").GetRawText(),
                root.GetProperty("recordedAt").GetDateTimeOffset(), root.GetProperty("correlationId").GetString(),
                root.GetProperty("causationId").GetString(), root.GetProperty("recordedBy").GetString(),
                headers.ValueKind == JsonValueKind.Null ? null : headers.GetRawText()), root.GetProperty("hash").GetString()!));
        }
        return contents;
    }

    /// <summary>
    /// The events of an export that attached a file with this content (its SHA-256 in lower-case hex): each evidence
    /// attachment records the hash of its file, so a file is checked against the export by hashing it.
    /// </summary>
    public static List<RecordedEvent> AttachmentsOf(Contents contents, string sha256) =>
        contents.Events.Select(e => e.Event)
            .Where(e => e.Type == EvidenceAttachedType
                && JsonDocument.Parse(e.Data).RootElement.TryGetProperty("sha256", out var hash) && hash.GetString() == sha256)
            .ToList();

    /// <summary>The SHA-256 of a file (lower-case hex), read as a stream.</summary>
    public static async Task<string> Sha256Of(Stream file, CancellationToken ct) =>
        Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(file, ct));

    private const string EvidenceAttachedType = "evidence_attached";

    /// <summary>Verifies an export on its own, offline, against the public key the auditor trusts.</summary>
    public static Task<ChainReport> Verify(Contents contents, string trustedPublicKey, CancellationToken ct) =>
        ChainVerifier.Verify(contents.Events.Select(e => e.Event).ToAsyncEnumerable(),
            contents.Events.Select(e => new ChainLink { Id = e.Event.Position, EventId = e.Event.Id, Hash = e.Hash }).ToAsyncEnumerable(),
            contents.Checkpoints, trustedPublicKey, ct);
}
