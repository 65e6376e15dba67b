using System.Security.Claims;
using Campaign.Access;
using Campaign.Auditing.TimeTravel;
using Campaign.Confidentiality;
using Campaign.Infrastructure.ApiDocument;
using Campaign.Infrastructure.Writing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Campaign.Defendants.Reading;

public static class GetDefendantEndpoint
{
    /// <remarks>
    /// The view is folded from the defendant's events, history included, so a client always reads its own write. Auditors
    /// and admins may read it as of the past: <c>asOf</c>, <c>version</c>, or <c>knownAt</c> with <c>validOn</c>.
    /// A long history reads faster a page at a time from <c>/timeline</c>.
    /// </remarks>
    [WolverineGet("/api/defendants/{id}", OperationId = "GetDefendant"), Authorize(Policy = Policies.Read)]
    [ProducesResponseType<DefendantView>(StatusCodes.Status200OK)]
    [ReadsQuery<Moment>, QueryParameter("version", typeof(long), "Auditors and admins: the view as it was at this version of the defendant's stream.", Example = "5")]
    public static async Task<IResult> Get(Guid id, HttpRequest request, PastViews past, Disclosure disclosure, ClaimsPrincipal reader,
        CancellationToken ct)
    {
        var moment = Moment.From(request, versions: true);
        moment.EnsureMayBeSeenBy(reader);
        return await disclosure.Show(await past.Defendant(id, moment, ct) ?? throw new NotFound("defendant", id), reader, ct);
    }
}
