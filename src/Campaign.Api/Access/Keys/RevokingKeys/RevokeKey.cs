using System.Security.Claims;
using Campaign.Infrastructure.Writing;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Campaign.Access.Keys.RevokingKeys;

public static class RevokeKeyEndpoint
{
    /// <remarks>Takes effect on the next request made with the key.</remarks>
    [WolverineDelete("/api/keys/{id}", OperationId = "RevokeKey"), Authorize(Policy = Policies.Administer)]
    public static async Task<IResult> Delete(string id, KeyIssuer keys, ClaimsPrincipal user, CancellationToken ct) =>
        await keys.Revoke(id, user.Identity!.Name!, ct) ? TypedResults.NoContent() : throw new NotFound("key", id);
}
