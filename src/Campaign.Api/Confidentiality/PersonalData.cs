using Campaign.Infrastructure.Writing;
using Marten;

namespace Campaign.Confidentiality;

/// <summary>Seals confidential fields on their way into the event store, and opens them for those entitled to read them.</summary>
public sealed class PersonalData(IDocumentStore store, MasterKey master, TimeProvider clock, LegalNameIndex legalNames)
{
    /// <summary>
    /// Seals the confidential fields of the events pending in the session with their stream's key, creating the key
    /// in the same transaction on first need. A subject whose data was erased takes no new confidential data.
    /// Every value is sealed here, so none a client sends is ever taken for a sealed one; one that looks sealed is refused.
    /// </summary>
    public async Task SealPending(IDocumentSession session, CancellationToken ct)
    {
        var streams = session.PendingChanges.Streams().Where(s => s.Events.Any(e => ConfidentialFields.In(e.Data).Count > 0)).ToList();
        if (streams.Count == 0) return;
        if (streams.SelectMany(s => s.Events).SelectMany(e => ConfidentialFields.In(e.Data)).FirstOrDefault(f => Sealing.IsSealed(f.Value))
            is { Path: { } path })
            throw new InvalidReference(path, $"'{path}' looks like a sealed value: send confidential fields in clear; the service seals them.");

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
            foreach (var e in stream.Events)
            {
                if (e.Data is Defendants.Registering.DefendantRegistered { LegalName: { Length: > 0 } legalName } registered)
                    legalNames.Record(session, stream.Id, registered.CampaignId, legalName);
                ConfidentialFields.RewriteCopying(e.Data, field => Sealing.Seal(stream.Id, secret, field.Value));
            }
        }
    }

    /// <summary>
    /// Replaces each sealed field in <paramref name="view"/> by its plaintext, or by "[erased]" once its key is destroyed.
    /// A value opens only with the key of the <see cref="IDataSubject"/> it stands in, never with one it names itself.
    /// </summary>
    public async Task Open(object view, CancellationToken ct)
    {
        var fields = ConfidentialFields.In(view).Where(f => Sealing.IsSealed(f.Value)).ToList();
        if (fields.Count == 0) return;

        var owners = fields.Select(f => f.Subject).OfType<Guid>().Distinct().ToList();
        var keys = new Dictionary<Guid, byte[]?>();
        if (owners.Count > 0)
        {
            await using var session = store.QuerySession();
            foreach (var key in await session.LoadManyAsync<PersonalDataKey>(ct, owners)) keys[key.Id] = master.Unwrap(key.Id, key);
        }
        ConfidentialFields.Rewrite(view, field => !Sealing.IsSealed(field.Value) ? field.Value
            : field.Subject is { } owner ? Sealing.Open(field.Value, owner, keys.GetValueOrDefault(owner))
            : Sealing.Erased);
    }
}
