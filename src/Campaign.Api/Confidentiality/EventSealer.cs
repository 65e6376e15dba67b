using Campaign.Infrastructure.Writing;
using Marten;

namespace Campaign.Confidentiality;

/// <summary>
/// Seals the confidential fields of the events a session is about to append, with their stream's key, creating the key
/// in the same transaction on first need. A subject whose data was erased takes no new confidential data. Every value is
/// sealed here, so none a client sends is ever taken for a sealed one: one that looks sealed is refused.
/// </summary>
/// <remarks>
/// The write path calls it just before its commit, before Marten folds the events into the views kept with the write, so
/// those hold the sealed values too. (A Marten session listener would come too late: Marten 9 runs the inline projections
/// before <c>BeforeSaveChangesAsync</c>.) <see cref="SealingGuard"/> refuses any session that would store a field in clear.
/// </remarks>
public sealed class EventSealer(MasterKey master, TimeProvider clock, LegalNameIndex legalNames)
{
    /// <summary>
    /// A confidential field of <paramref name="message"/> (a command, as its request names its fields, or an event) that
    /// looks sealed is refused naming that field: only the service seals, so it can only be a copy of a sealed value.
    /// </summary>
    public static void RefuseSealedLookalikes(object message)
    {
        if (ConfidentialFields.In(message).FirstOrDefault(f => Sealing.IsSealed(f.Value)) is { Path: { } path })
            throw new InvalidReference(path, $"'{path}' looks like a sealed value: send confidential fields in clear; the service seals them.");
    }

    public async Task SealPending(IDocumentSession session, CancellationToken ct)
    {
        var streams = session.PendingChanges.Streams().Where(s => s.Events.Any(e => ConfidentialFields.In(e.Data).Count > 0)).ToList();
        if (streams.Count == 0) return;
        foreach (var e in streams.SelectMany(s => s.Events)) RefuseSealedLookalikes(e.Data);

        var keys = (await session.LoadManyAsync<PersonalDataKey>(ct, streams.Select(s => s.Id))).ToDictionary(k => k.Id);
        foreach (var stream in streams)
        {
            if (!keys.TryGetValue(stream.Id, out var key))
            {
                key = new PersonalDataKey
                {
                    Id = stream.Id, Key = master.Wrap(stream.Id, Sealing.NewKey()), Wrapped = master.Enabled, CreatedAt = clock.GetUtcNow(),
                };
                session.Insert(key);
            }
            if (key.Key is null)
                throw new StateConflict($"The personal data of {stream.Id} was erased; confidential fields cannot be recorded for it again.");
            var secret = master.Unwrap(stream.Id, key)
                ?? throw new InvalidOperationException($"The key of {stream.Id} does not open with the configured master key.");
            // Copies of what the command holds are sealed, so that a new attempt decides again from the plaintext.
            foreach (var e in stream.Events)
            {
                if (e.Data is Defendants.Registering.DefendantRegistered { LegalName: { Length: > 0 } legalName } registered)
                    legalNames.Record(session, stream.Id, registered.CampaignId, legalName);
                ConfidentialFields.RewriteCopying(e.Data, field => Sealing.Seal(stream.Id, secret, field.Value));
            }
        }
    }
}

/// <summary>
/// Registered with the store, so that it sees every session: refuses to commit an event with a confidential field that is
/// not sealed, whatever wrote it. Only a write that went around the write path can meet it.
/// </summary>
public sealed class SealingGuard : DocumentSessionListenerBase
{
    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken ct)
    {
        var inClear = session.PendingChanges.Streams().SelectMany(s => s.Events)
            .SelectMany(e => ConfidentialFields.In(e.Data).Select(f => (Event: e, Field: f)))
            .FirstOrDefault(x => !Sealing.IsSealed(x.Field.Value));
        return inClear.Event is null
            ? Task.CompletedTask
            : throw new InvalidOperationException($"A {inClear.Event.EventTypeName} would store '{inClear.Field.Path}' in clear: send it with Commands.");
    }
}
