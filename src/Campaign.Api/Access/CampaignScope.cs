using System.Collections.Concurrent;
using System.Security.Claims;
using Campaign.Defendants;
using Marten;
using Microsoft.AspNetCore.Authorization;

namespace Campaign.Access;

/// <summary>Staff may act only on the campaigns they are members of; other roles are not bound to campaigns.</summary>
public sealed class CampaignScope : IAuthorizationRequirement;

public sealed class CampaignScopeHandler(IDocumentStore store) : AuthorizationHandler<CampaignScope>
{
    // A defendant never changes campaign, so what was looked up once holds for good.
    private readonly ConcurrentDictionary<Guid, Guid> campaignOfDefendant = new();

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, CampaignScope requirement)
    {
        if (!context.User.IsInRole(Role.Staff.RoleName()))
        {
            context.Succeed(requirement);
            return;
        }
        if (context.Resource is not HttpContext http) return;

        // An id that names nothing belongs to no campaign: the request is answered 404 right after authorization.
        if (Infrastructure.Validation.RouteIdCheck.IdThatNamesNothing(http) is not null)
        {
            context.Succeed(requirement);
            return;
        }
        var scope = await CampaignOf(http);
        if (scope.Unscoped || scope.CampaignId is { } id && context.User.IsMemberOf(id))
            context.Succeed(requirement);
    }

    /// <summary>
    /// The campaign a request addresses, found from its route: a campaign's own routes, a defendant's (through the
    /// defendant's campaign) and a stream's; for console pages, a <c>campaignId</c> or <c>defendantId</c> route value. A route without parameters (a list, a launch) is unscoped, and the
    /// endpoint itself limits what it shows; any other route denies staff until it is taught here.
    /// </summary>
    private async Task<(bool Unscoped, Guid? CampaignId)> CampaignOf(HttpContext http)
    {
        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern;
        if (route is null || route.Parameters.Count == 0) return (true, null);

        var raw = route.RawText ?? "";
        if (raw.StartsWith("/api/campaigns/{id}", StringComparison.Ordinal)) return (false, RouteGuid(http, "id"));
        if (raw.StartsWith("/api/defendants/{id}", StringComparison.Ordinal)) return (false, await CampaignOfDefendant(RouteGuid(http, "id")));
        if (raw.StartsWith("/api/streams/{streamId}", StringComparison.Ordinal))
        {
            var stream = RouteGuid(http, "streamId");
            return (false, await CampaignOfDefendant(stream) ?? stream);
        }
        // The staff console's pages name what they show by these route values.
        if (RouteGuid(http, "campaignId") is { } campaign) return (false, campaign);
        if (RouteGuid(http, "defendantId") is { } defendant) return (false, await CampaignOfDefendant(defendant));
        return (false, null);
    }

    private async Task<Guid?> CampaignOfDefendant(Guid? defendantId)
    {
        if (defendantId is not { } id) return null;
        if (campaignOfDefendant.TryGetValue(id, out var known)) return known;

        await using var session = store.QuerySession();
        if ((await session.LoadAsync<DefendantView>(id))?.CampaignId is not { } campaign) return null;
        if (campaignOfDefendant.Count > 100_000) campaignOfDefendant.Clear();
        return campaignOfDefendant[id] = campaign;
    }

    private static Guid? RouteGuid(HttpContext http, string name) =>
        Guid.TryParse(http.GetRouteValue(name)?.ToString(), out var id) ? id : null;
}

public static class CampaignMembership
{
    public static bool IsMemberOf(this ClaimsPrincipal user, Guid campaignId) =>
        user.HasClaim(CampaignClaims.Campaign, campaignId.ToString());

    /// <summary>The campaigns a user's list is limited to; null when the user may see them all.</summary>
    public static IReadOnlyList<Guid>? VisibleCampaigns(this ClaimsPrincipal user) =>
        user.IsInRole(Role.Staff.RoleName())
            ? user.FindAll(CampaignClaims.Campaign).Select(c => Guid.Parse(c.Value)).ToList()
            : null;
}
