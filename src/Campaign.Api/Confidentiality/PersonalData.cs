using Marten;

namespace Campaign.Confidentiality;

/// <summary>Opens sealed fields for those entitled to read them (<see cref="EventSealer"/> seals them on their way in).</summary>
public sealed class PersonalData(IDocumentStore store, MasterKey master)
{
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
