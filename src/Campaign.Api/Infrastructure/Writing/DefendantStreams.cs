using Campaign.Defendants;

namespace Campaign.Infrastructure.Writing;

/// <summary>Appends what a command decides to a defendant's stream, decided on the defendant's current view.</summary>
public sealed class DefendantStreams(Writes writes, CampaignStreams campaigns)
{
    public async Task<WriteResult> Append<TCommand>(
        Guid defendantId, TCommand command, Func<TCommand, DefendantView, IEnumerable<object>> decide, CancellationToken ct)
        where TCommand : IVersionedCommand
    {
        var expected = writes.ExpectedVersion(command);
        var written = await writes.Once(command, async () =>
        {
            // Fetched for writing, the view is the one Marten then folds the new events into: no second read.
            var stream = await writes.Session.Events.FetchForWriting<DefendantView>(defendantId, ct);
            var defendant = stream.Aggregate ?? throw new NotFound("defendant", defendantId);
            Writes.CheckVersion(defendantId, expected, defendant.Version);
            stream.AppendMany(decide(command, defendant).ToArray());
        }, ct);
        return written.Single();
    }

    /// <summary>Appends to many defendants in one transaction: all of them, or none.</summary>
    public async Task<IReadOnlyList<WriteResult>> AppendToEach(
        Guid campaignId, object command, IReadOnlyList<Guid> defendantIds, IReadOnlyDictionary<Guid, long>? expectedVersions,
        Func<DefendantView, IEnumerable<object>> decide, CancellationToken ct) =>
        await writes.Once(command, async () =>
        {
            await campaigns.VersionOf(campaignId, ct);
            var found = (await writes.Session.LoadManyAsync<DefendantView>(ct, defendantIds)).ToDictionary(d => d.Id);
            for (var i = 0; i < defendantIds.Count; i++)
            {
                var id = defendantIds[i];
                if (!found.TryGetValue(id, out var defendant) || defendant.CampaignId != campaignId)
                    throw new InvalidReference($"defendantIds[{i}]", $"Campaign {campaignId} has no defendant {id}.");
                var expected = expectedVersions?.TryGetValue(id, out var version) == true ? version : (long?)null;
                writes.AppendAt(id, defendant.Version, expected, () => decide(defendant));
            }
        }, ct);
}
