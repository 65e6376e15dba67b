using Campaign.Confidentiality;
using Campaign.Infrastructure.Telemetry;
using Campaign.Infrastructure.Validation;
using FluentValidation;
using JasperFx.Events;
using Marten;
using Wolverine;
using Wolverine.Runtime;

namespace Campaign.Infrastructure.Writing;

/// <summary>One write as it goes through its command's chain: who makes it, its key, the version it was decided on, what it wrote.</summary>
public sealed class Write
{
    public required Caller By { get; init; }
    public string? Key { get; init; }
    public string? Fingerprint { get; init; }
    public long? ExpectedVersion { get; init; }
    public IReadOnlyList<StreamAction> Streams { get; private set; } = [];

    /// <summary>Before anything is read: the command's fields, who sends it and what they ask of the write.</summary>
    public static async Task<Write> Begin<T>(T command, MessageContext context, IDocumentSession session, IValidator<T> validator,
        Idempotency idempotency, CancellationToken ct) where T : Command
    {
        var envelope = context.Envelope!;
        var by = Caller.Of(envelope);
        await CommandValidation.Check(command, validator, ct);
        EventSealer.RefuseSealedLookalikes(command); // named as the request names it; the events are checked again before sealing
        session.LastModifiedBy = by.Name;
        if (by.KeyId is { } keyId) session.SetHeader(Caller.CredentialHeader, keyId);
        var key = Idempotency.KeyOf(envelope, by);
        return new Write
        {
            By = by, Key = key, Fingerprint = key is null ? null : idempotency.Fingerprint(command),
            ExpectedVersion = Writing.ExpectedVersion.Of(envelope, command),
        };
    }

    /// <summary>A command sent again with its key is answered as the first time, and goes no further.</summary>
    public static async Task<HandlerContinuation> Replay<T>(T command, Write write, MessageContext context, IDocumentSession session,
        CancellationToken ct) where T : Command
    {
        if (write.Key is null || await session.LoadAsync<IdempotentWrite>(write.Key, ct) is not { } earlier) return HandlerContinuation.Continue;
        await context.EnqueueCascadingAsync(Answer(command, await Idempotency.Replay(session, earlier, write.Fingerprint!, ct)));
        return HandlerContinuation.Stop;
    }

    /// <summary>Once the stream is read: it exists, and it is at the version the command was decided on, if it names one.</summary>
    public static void Found<TModel>(IEventStream<TModel> stream, Write write) where TModel : class, IWriteModel
    {
        if (stream.Aggregate is null) throw new NotFound(TModel.Noun, stream.Id);
        CheckVersion(write, stream.Id, stream.StartingVersion ?? 0);
    }

    /// <summary>
    /// Just before the commit: the expected version once more (whichever way the stream was read), the key's record in the
    /// same transaction, one instant for every event (so that a view as of any instant shows all of the write or none),
    /// and the confidential fields sealed.
    /// </summary>
    public static async Task Commit(Write write, IDocumentSession session, EventSealer sealer, CancellationToken ct)
    {
        var streams = session.PendingChanges.Streams().Where(s => s.Events.Count > 0).ToList(); // not those only read
        if (streams is [{ ExpectedVersionOnServer: { } at } only]) CheckVersion(write, only.Id, at);
        if (write.Key is { } key)
            session.Insert(new IdempotentWrite
            {
                Id = key, Fingerprint = write.Fingerprint!, RecordedAt = MicrosecondClock.Default.GetUtcNow(),
                Streams = streams.Select(s => new StreamVersion(s.Id, (s.ExpectedVersionOnServer ?? 0) + s.Events.Count)).ToList(),
            });
        var recordedAt = MicrosecondClock.Default.GetUtcNow();
        foreach (var e in streams.SelectMany(s => s.Events)) e.Timestamp = recordedAt;
        await sealer.SealPending(session, ct);
        write.Streams = streams;
    }

    /// <summary>After the commit: each stream written, with its new version and the sequence of its last event.</summary>
    public static Task Answer<T>(T command, Write write, MessageContext context, CampaignMetrics metrics) where T : Command
    {
        metrics.Appended(write.Streams);
        return context.EnqueueCascadingAsync(Answer(command,
            write.Streams.Select(s => new WriteResult(s.Id, s.Events[^1].Version, s.Events.Max(e => e.Sequence))).ToList()));
    }

    private static object Answer(Command command, IReadOnlyList<WriteResult> written) => command is IBulkCommand bulk
        ? new BulkWriteResult(bulk.CampaignId, written, written.Max(w => w.Sequence))
        : written.SingleOrDefault() ?? WriteResult.Nothing;

    private static void CheckVersion(Write write, Guid streamId, long version)
    {
        if (write.ExpectedVersion is { } expected && expected != version) throw new VersionConflict(streamId, expected, version);
    }
}
