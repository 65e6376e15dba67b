using Campaign.Access;
using Campaign.Access.Members;
using Campaign.Campaigns;
using Campaign.Campaigns.Launching;
using Campaign.Defendants;
using Campaign.Defendants.Registering;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Campaign.Infrastructure.Writing;

/// <summary>Starts campaign and defendant streams, and appends to a campaign's own stream.</summary>
public sealed class CampaignStreams(Writes writes, TimeProvider clock, AccessChanges changes)
{
    public async Task<Created<WriteResult>> Launch(object command, Func<Guid, CampaignLaunched> launch, CancellationToken ct)
    {
        var id = Guid.CreateVersion7();
        var written = await writes.Once(command, () =>
        {
            writes.Session.Events.StartStream<CampaignView>(id, launch(id));
            if (writes.User.IsInRole(Role.Staff.RoleName())) // staff work on the campaigns they launch
                writes.Session.Store(Membership.Of(writes.RecordedBy, id, writes.RecordedBy, clock.GetUtcNow()));
            return Task.CompletedTask;
        }, ct);
        changes.Changed(); // the launcher's membership counts from the next request
        return Created("campaigns", written);
    }

    public async Task<Created<WriteResult>> Register(Guid campaignId, object command, Func<Guid, DefendantRegistered> register, CancellationToken ct)
    {
        var id = Guid.CreateVersion7();
        var written = await writes.Once(command, async () =>
        {
            await VersionOf(campaignId, ct);
            writes.Session.Events.StartStream<DefendantView>(id, register(id));
        }, ct);
        return Created("defendants", written);
    }

    public async Task<WriteResult> Append(Guid campaignId, IVersionedCommand command, IEnumerable<object> events, CancellationToken ct)
    {
        var expected = writes.ExpectedVersion(command);
        var written = await writes.Once(command, async () =>
        {
            writes.AppendAt(campaignId, await VersionOf(campaignId, ct), expected, () => events);
        }, ct);
        return written.Single();
    }

    /// <summary>The campaign stream's version; 404 when there is no such campaign.</summary>
    public async Task<long> VersionOf(Guid campaignId, CancellationToken ct)
    {
        var state = await writes.Session.Events.FetchStreamStateAsync(campaignId, ct);
        if (state?.AggregateType != typeof(CampaignView))
            throw new NotFound("campaign", campaignId);
        return state!.Version;
    }

    private static Created<WriteResult> Created(string collection, IReadOnlyList<WriteResult> written)
    {
        var result = written.Single();
        return TypedResults.Created($"/api/{collection}/{result.Id}", result);
    }
}
