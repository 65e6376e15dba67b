using Campaign.Access;
using Campaign.Infrastructure.Writing;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Campaign.Defendants.Reading;

public static class GetDefendantEndpoint
{
    /// <remarks>The view is updated in the same transaction as the write, so a client always reads its own write.</remarks>
    [WolverineGet("/api/defendants/{id}", OperationId = "GetDefendant"), Authorize(Policy = Policies.Read)]
    public static async Task<DefendantView> Get(Guid id, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<DefendantView>(id, ct) ?? throw new NotFound("defendant", id);
}
