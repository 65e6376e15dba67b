using System.Security.Claims;
using Campaign.Access;
using Campaign.Confidentiality;
using Campaign.Infrastructure.Writing;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Campaign.Defendants.Reading;

public static class GetDefendantEndpoint
{
    /// <remarks>The view is updated in the same transaction as the write, so a client always reads its own write.</remarks>
    [WolverineGet("/api/defendants/{id}", OperationId = "GetDefendant"), Authorize(Policy = Policies.Read)]
    [ProducesResponseType<DefendantView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid id, IQuerySession session, Disclosure disclosure, ClaimsPrincipal reader, CancellationToken ct) =>
        await disclosure.Show(await session.LoadAsync<DefendantView>(id, ct) ?? throw new NotFound("defendant", id), reader, ct);
}
