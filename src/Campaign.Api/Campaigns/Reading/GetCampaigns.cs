using System.Security.Claims;
using Campaign.Access;
using Campaign.Auditing.TimeTravel;
using Campaign.Confidentiality;
using Campaign.Infrastructure.ApiDocument;
using Campaign.Infrastructure.Reading;
using Campaign.Infrastructure.Writing;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Campaign.Campaigns.Reading;

/// <summary>A campaign in a list.</summary>
public sealed record CampaignListItem(
    [property: Public] Guid Id,
    [property: Public] string Name,
    [property: Public] string Country,
    [property: Public] int DefendantCount,
    [property: Public] DateOnly? LastDevelopmentOn);

public static class GetCampaignsEndpoint
{
    /// <param name="waitForSequence">The sequence a write returned: answer only once the view includes it.</param>
    /// <remarks>Auditors and admins may read it as of the past: <c>asOf</c>, or <c>knownAt</c> with <c>validOn</c>.</remarks>
    [WolverineGet("/api/campaigns/{id}", OperationId = "GetCampaign"), Authorize(Policy = Policies.Read)]
    [ProducesResponseType<CampaignView>(StatusCodes.Status200OK), ReadsQuery<Moment>]
    public static async Task<IResult> Get(Guid id, long? waitForSequence, HttpRequest request, IQuerySession session, ReadYourWrites views,
        PastViews past, Disclosure disclosure, ClaimsPrincipal reader, CancellationToken ct)
    {
        var moment = Moment.From(request, versions: false);
        moment.EnsureMayBeSeenBy(reader);
        await views.WaitFor(nameof(CampaignView), waitForSequence, ct);
        var view = moment.IsNow ? await session.LoadAsync<CampaignView>(id, ct) : await past.Campaign(id, moment, ct);
        return await disclosure.Show(view ?? throw new NotFound("campaign", id), reader, ct);
    }

    [WolverineGet("/api/campaigns", OperationId = "ListCampaigns"), Authorize(Policy = Policies.Read)]
    public static async Task<IReadOnlyList<CampaignListItem>> List(
        long? waitForSequence, IQuerySession session, ReadYourWrites views, ClaimsPrincipal user, CancellationToken ct)
    {
        await views.WaitFor(nameof(CampaignView), waitForSequence, ct);
        var query = session.Query<CampaignView>().AsQueryable();
        if (user.VisibleCampaigns() is { } visible) query = query.Where(c => visible.Contains(c.Id));
        var campaigns = await query.OrderBy(c => c.Name).ToListAsync(ct);
        return campaigns.Select(c => new CampaignListItem(c.Id, c.Name, c.Country, c.DefendantCount, c.LastDevelopmentOn)).ToList();
    }
}
