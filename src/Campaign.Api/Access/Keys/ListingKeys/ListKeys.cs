using Campaign.Confidentiality;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Campaign.Access.Keys.ListingKeys;

public sealed record KeySummary(
    [property: Internal] string Id,
    [property: Internal] string Owner,
    [property: Internal] Role Role,
    [property: Internal] string? Description,
    [property: Internal] DateTimeOffset CreatedAt,
    [property: Internal] string CreatedBy,
    [property: Internal] DateTimeOffset? ExpiresAt,
    [property: Internal] DateTimeOffset? RevokedAt,
    [property: Internal] string? RevokedBy);

public static class ListKeysEndpoint
{
    [WolverineGet("/api/keys", OperationId = "ListKeys"), Authorize(Policy = Policies.Administer)]
    public static async Task<IReadOnlyList<KeySummary>> Get(IQuerySession session, CancellationToken ct)
    {
        var keys = await session.Query<ApiKey>().OrderBy(k => k.CreatedAt).ToListAsync(ct);
        return keys.Select(k => new KeySummary(k.Id, k.Owner, k.Role, k.Description, k.CreatedAt, k.CreatedBy, k.ExpiresAt,
            k.RevokedAt, k.RevokedBy)).ToList();
    }
}
