using NoContent = Microsoft.AspNetCore.Http.HttpResults.NoContent;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Campaign.Access.Members.RemovingMembers;

public static class RemoveMemberEndpoint
{
    /// <remarks>Takes effect on the member's next request, on every node.</remarks>
    [WolverineDelete("/api/campaigns/{id}/members/{member}", OperationId = "RemoveMember"), Authorize(Policy = Policies.Administer)]
    public static async Task<NoContent> Delete(Guid id, string member, IDocumentSession session, AccessChanges changes, CancellationToken ct)
    {
        await Remove(id, member, session, changes, ct);
        return TypedResults.NoContent();
    }

    /// <summary>Ends the person's membership of the campaign (the API and the console); it ends with the member's next request, on every node.</summary>
    public static async Task Remove(Guid id, string member, IDocumentSession session, AccessChanges changes, CancellationToken ct)
    {
        session.Delete<Membership>(Membership.IdOf(member, id));
        AccessChanges.Announce(session);
        await session.SaveChangesAsync(ct);
        changes.Changed();
    }
}
