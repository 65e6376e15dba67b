using Campaign.Infrastructure.Writing;
using Marten;

namespace Campaign.Confidentiality;

/// <summary>Seals confidential fields on their way into the event store, and opens them for those entitled to read them.</summary>
public sealed class PersonalData(IDocumentStore store, MasterKey master, TimeProvider clock)
{
    /// <summary>
    /// Seals the confidential fields of the events pending in the session with their stream's key, creating the key
    /// in the same transaction on first need. A subject whose data was erased takes no new confidential data.
    /// </summary>
    public async Task SealPending(IDocumentSession session, CancellationToken ct)
    {
        var streams = session.PendingChanges.Streams()
            .Where(s => s.Events.Any(e => ConfidentialFields.ValuesIn(e.Data).Any(v => !Sealing.IsSealed(v))))
            .ToList();
        if (streams.Count == 0) return;

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
                ConfidentialFields.Rewrite(e.Data, value => Sealing.IsSealed(value) ? value : Sealing.Seal(stream.Id, secret, value));
        }
    }

    /// <summary>Replaces each sealed field in <paramref name="view"/> by its plaintext, or by "[erased]" once its key is destroyed.</summary>
    public async Task Open(object view, CancellationToken ct)
    {
        var subjects = ConfidentialFields.ValuesIn(view).Select(Sealing.SubjectOf).OfType<Guid>().Distinct().ToList();
        if (subjects.Count == 0) return;

        await using var session = store.QuerySession();
        var keys = (await session.LoadManyAsync<PersonalDataKey>(ct, subjects)).ToDictionary(k => k.Id, k => master.Unwrap(k.Id, k));
        ConfidentialFields.Rewrite(view, value =>
            Sealing.SubjectOf(value) is { } subject ? Sealing.Open(value, keys.GetValueOrDefault(subject)) : value);
    }
}
