using NoContent = Microsoft.AspNetCore.Http.HttpResults.NoContent;
using System.Security.Claims;
using Campaign.Infrastructure.Writing;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Campaign.Access.Keys.RevokingKeys;

public static class RevokeKeyEndpoint
{
    /// <remarks>Takes effect on the next request made with the key.</remarks>
    [WolverineDelete("/api/keys/{id}", OperationId = "RevokeKey"), Authorize(Policy = Policies.Administer)]
    public static async Task<NoContent> Delete(string id, KeyIssuer keys, ClaimsPrincipal user, CancellationToken ct)
    {
        await Revoke(id, keys, user, ct);
        return TypedResults.NoContent();
    }

    /// <summary>Revokes the key on behalf of <paramref name="user"/> (the API and the console); 404 when there is no such key.</summary>
    public static async Task Revoke(string id, KeyIssuer keys, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!await keys.Revoke(id, user.Identity!.Name!, ct)) throw new NotFound("key", id);
    }
}
