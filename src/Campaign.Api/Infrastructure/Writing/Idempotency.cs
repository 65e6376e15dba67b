using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Campaign.Confidentiality;
using Marten;
using Microsoft.Extensions.Options;
using Wolverine;

namespace Campaign.Infrastructure.Writing;

/// <summary>
/// Once per Idempotency-Key: a retry of a write with the same key and the same command is answered as the first time and
/// appends nothing; the same key with another command is refused.
/// </summary>
/// <remarks>
/// Wolverine's own <c>[DeduplicatedWithResponse]</c> keeps an unsalted hash of each request, which a copy of the database
/// could test guesses against (a legal name); this keeps an HMAC keyed from the master key (<see cref="RequestFingerprints"/>),
/// stored in the write's own transaction as an <see cref="IdempotentWrite"/>.
/// </remarks>
public sealed class Idempotency(RequestFingerprints fingerprints, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    /// <summary>The HTTP header, and the envelope header that carries it to the handler.</summary>
    public const string HttpHeader = "Idempotency-Key";
    public const string KeyHeader = "idempotency-key";

    /// <summary>The key as stored, one person's keys never meeting another's; null when the command has none.</summary>
    public static string? KeyOf(Envelope envelope, Caller caller)
    {
        if (!envelope.Headers.TryGetValue(KeyHeader, out var key) || string.IsNullOrEmpty(key)) return null;
        if (key.Length > 200 || key.Any(char.IsControl))
            throw new InvalidReference(HttpHeader, "An Idempotency-Key is 1 to 200 printable characters.");
        return $"{caller.Name}|{key}";
    }

    /// <summary>The command's kind, the streams it addresses and its fields, keyed.</summary>
    public string Fingerprint(Command command)
    {
        var type = command.GetType();
        var addressed = type.GetProperties().Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is not null)
            .Select(p => $"{p.Name}={p.GetValue(command)}");
        return fingerprints.Of($"{type.Name} {string.Join(' ', addressed)}\n{JsonSerializer.Serialize(command, type, json.Value.SerializerOptions)}");
    }

    /// <summary>What the write with this key wrote, as it was answered; refused when the key came with another command.</summary>
    public static async Task<IReadOnlyList<WriteResult>> Replay(IQuerySession session, IdempotentWrite earlier, string fingerprint, CancellationToken ct)
    {
        if (earlier.Fingerprint != fingerprint) throw new IdempotencyKeyReused();

        var ids = earlier.Streams.Select(s => s.StreamId).ToList();
        var versions = earlier.Streams.Select(s => s.Version).Distinct().ToList();
        var candidates = await session.Events.QueryAllRawEvents()
            .Where(e => ids.Contains(e.StreamId) && versions.Contains(e.Version))
            .Select(e => new { e.StreamId, e.Version, e.Sequence }).ToListAsync(ct);
        return earlier.Streams.Select(s => new WriteResult(s.StreamId, s.Version,
            candidates.Single(e => e.StreamId == s.StreamId && e.Version == s.Version).Sequence)).ToList();
    }
}

/// <summary>422: the Idempotency-Key was already used for a different request.</summary>
public sealed class IdempotencyKeyReused()
    : Rejection("This Idempotency-Key was already used for a different request; use a new key for a new request.")
{
    public override int StatusCode => StatusCodes.Status422UnprocessableEntity;
}
