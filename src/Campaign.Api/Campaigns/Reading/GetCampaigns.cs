using System.Security.Claims;
using Campaign.Access;
using Campaign.Infrastructure.Reading;
using Campaign.Infrastructure.Writing;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Campaign.Campaigns.Reading;

/// <summary>A campaign in a list.</summary>
public sealed record CampaignListItem(Guid Id, string Name, string Country, int DefendantCount, DateOnly? LastDevelopmentOn);

public static class GetCampaignsEndpoint
{
    /// <param name="waitForSequence">The sequence a write returned: answer only once the view includes it.</param>
    [WolverineGet("/api/campaigns/{id}", OperationId = "GetCampaign"), Authorize(Policy = Policies.Read)]
    public static async Task<CampaignView> Get(Guid id, long? waitForSequence, IQuerySession session, ReadYourWrites views, CancellationToken ct)
    {
        await views.WaitFor(nameof(CampaignView), waitForSequence, ct);
        return await session.LoadAsync<CampaignView>(id, ct) ?? throw new NotFound("campaign", id);
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
