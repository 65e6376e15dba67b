using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Campaign.Access.Keys.ListingKeys;

public sealed record KeySummary(
    string Id, string Owner, Role Role, string? Description, DateTimeOffset CreatedAt, string CreatedBy,
    DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, string? RevokedBy);

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
