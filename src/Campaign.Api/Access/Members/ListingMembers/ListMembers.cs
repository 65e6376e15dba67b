using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Campaign.Access.Members.ListingMembers;

public static class ListMembersEndpoint
{
    [WolverineGet("/api/campaigns/{id}/members", OperationId = "ListMembers"), Authorize(Policy = Policies.Administer)]
    public static async Task<IReadOnlyList<Membership>> Get(Guid id, IQuerySession session, CancellationToken ct) =>
        await session.Query<Membership>().Where(m => m.CampaignId == id).OrderBy(m => m.Member).ToListAsync(ct);
}
