using System.Security.Claims;
using System.Text.Json;
using Campaign.Access;
using Campaign.Confidentiality;
using JasperFx;
using Marten;
using Microsoft.Extensions.Options;

namespace Campaign.Infrastructure.Writing;

/// <summary>
/// Commits the events a command appended to the session, in one transaction, once per Idempotency-Key:
/// a retry with the same key and the same request is answered as the first time and appends nothing.
/// A commit that loses a race with another write is decided again on the new state, in a fresh session.
/// </summary>
public sealed class Writes(
    IDocumentSession requestSession, IDocumentStore store, IHttpContextAccessor http, EventSealer sealer,
    RequestFingerprints fingerprints, TimeProvider clock,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private readonly IDocumentSession requestSession = requestSession;
    private IDocumentSession session = requestSession;

    /// <summary>The session of the attempt under way: commands read and append through it.</summary>
    public IDocumentSession Session => session;

    private HttpContext Context => http.HttpContext ?? throw new InvalidOperationException("Writes are made within an HTTP request.");
    private HttpRequest Request => Context.Request;

    public ClaimsPrincipal User => Context.User;

    /// <summary>Who records this write: the authenticated person, never anything the request body says.</summary>
    public string RecordedBy => User.Identity?.Name ?? throw new InvalidOperationException("Writes are made by someone.");

    public long? ExpectedVersion(IVersionedCommand command) => Writing.ExpectedVersion.Of(Request, command.ExpectedVersion);

    /// <summary>
    /// Appends what <paramref name="decide"/> returns to a stream found at <paramref name="version"/>, unless the client
    /// expected another version. Marten checks the version again at commit, so a concurrent write also fails.
    /// </summary>
    public void AppendAt(Guid streamId, long version, long? expected, Func<IEnumerable<object>> decide)
    {
        CheckVersion(streamId, expected, version);
        var events = decide().ToArray();
        session.Events.Append(streamId, version + events.Length, events);
    }

    public static void CheckVersion(Guid streamId, long? expected, long version)
    {
        if (expected is { } v && v != version) throw new VersionConflict(streamId, v, version);
    }

    /// <summary>
    /// Runs <paramref name="append"/> and commits; answers each stream written, with its new version and last sequence.
    /// When another write reached a stream first, <paramref name="append"/> runs again on the new state (a bounded number
    /// of times, after a random pause): a client's expected version is checked again there, so only a stale one is a 409.
    /// </summary>
    public async Task<IReadOnlyList<WriteResult>> Once(object command, Func<Task> append, CancellationToken ct)
    {
        var key = IdempotencyKey();
        var fingerprint = key is null ? null : Fingerprint(command);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await Attempt(key, fingerprint, append, ct);
                }
                catch (Exception error) when (attempt < LostRace.Attempts && LostRace.Caused(error))
                {
                    await Task.Delay(LostRace.Backoff(attempt), clock, ct);
                    await Renew();
                }
            }
        }
        finally
        {
            if (session != requestSession) await session.DisposeAsync();
            session = requestSession;
        }
    }

    private async Task<IReadOnlyList<WriteResult>> Attempt(string? key, string? fingerprint, Func<Task> append, CancellationToken ct)
    {
        session.LastModifiedBy = RecordedBy;
        if (Context.User.FindFirst(CampaignClaims.KeyId)?.Value is { } keyId) session.SetHeader("credential", keyId);
        if (key is null)
        {
            await append();
            return await Commit(ct);
        }

        if (await session.LoadAsync<IdempotentWrite>(key, ct) is { } earlier)
            return await Replay(earlier, fingerprint!, ct);

        await append();
        session.Insert(new IdempotentWrite
        {
            Id = key, Fingerprint = fingerprint!, RecordedAt = clock.GetUtcNow(),
            Streams = session.PendingChanges.Streams()
                .Select(s => new StreamVersion(s.Id, (s.ExpectedVersionOnServer ?? 0) + s.Events.Count)).ToList(),
        });
        try
        {
            return await Commit(ct);
        }
        catch (Exception error) when (error is DocumentAlreadyExistsException or ConcurrencyException)
        {
            // Nothing of ours was written. If a concurrent request with the same key won the race, answer as it did.
            var winner = await session.LoadAsync<IdempotentWrite>(key, ct);
            if (winner is null) throw;
            return await Replay(winner, fingerprint!, ct);
        }
    }

    /// <summary>A session of its own for the next attempt, recording as the request's did.</summary>
    private async Task Renew()
    {
        var fresh = store.LightweightSession();
        fresh.CorrelationId = session.CorrelationId;
        fresh.CausationId = session.CausationId;
        if (session != requestSession) await session.DisposeAsync();
        session = fresh;
    }

    private async Task<IReadOnlyList<WriteResult>> Commit(CancellationToken ct)
    {
        var streams = session.PendingChanges.Streams().ToList();
        var events = streams.SelectMany(s => s.Events).ToList();

        // One instant for the whole transaction, so that a view as of any instant shows all of it or none of it.
        var recordedAt = MicrosecondClock.Default.GetUtcNow();
        foreach (var e in events) e.Timestamp = recordedAt;

        await sealer.SealPending(session, ct);

        await session.SaveChangesAsync(ct);
        return streams.Select(s => new WriteResult(s.Id, s.Events[^1].Version, s.Events.Max(e => e.Sequence))).ToList();
    }

    private async Task<IReadOnlyList<WriteResult>> Replay(IdempotentWrite earlier, string fingerprint, CancellationToken ct)
    {
        if (earlier.Fingerprint != fingerprint)
            throw new IdempotencyKeyReused();

        var results = new List<WriteResult>();
        foreach (var (streamId, version) in earlier.Streams)
        {
            var sequence = await session.Events.QueryAllRawEvents()
                .Where(e => e.StreamId == streamId && e.Version == version)
                .Select(e => e.Sequence).SingleAsync(ct);
            results.Add(new WriteResult(streamId, version, sequence));
        }
        return results;
    }

    private string? IdempotencyKey()
    {
        var key = Request.Headers[IdempotencyKeyHeader].ToString();
        if (key.Length == 0) return null;
        if (key.Length > 200 || key.Any(char.IsControl))
            throw new InvalidReference(IdempotencyKeyHeader, "An Idempotency-Key is 1 to 200 printable characters.");
        return $"{RecordedBy}|{key}"; // one person's keys never meet another's

    }

    private string Fingerprint(object command)
    {
        var request = $"{Request.Method} {Request.Path}\n{JsonSerializer.Serialize(command, command.GetType(), json.Value.SerializerOptions)}";
        return fingerprints.Of(request);
    }
}

