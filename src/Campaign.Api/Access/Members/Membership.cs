using System.Security.Claims;
using Campaign.Confidentiality;
using Marten;

namespace Campaign.Access.Members;

/// <summary>A person (a key's owner, or a signed-in user) working on a campaign as staff.</summary>
public sealed class Membership
{
    [Internal] public required string Id { get; init; }
    [Internal] public required string Member { get; init; }
    [Internal] public required Guid CampaignId { get; init; }
    [Internal] public required DateTimeOffset Since { get; init; }
    [Internal] public required string AddedBy { get; init; }

    /// <summary>The campaigns a member works on, as claims of their principal.</summary>
    public static async Task<IEnumerable<Claim>> ClaimsOf(IQuerySession session, string member, CancellationToken ct)
    {
        var campaigns = await session.Query<Membership>().Where(m => m.Member == member).Select(m => m.CampaignId).ToListAsync(ct);
        return campaigns.Select(c => new Claim(CampaignClaims.Campaign, c.ToString()));
    }

    public static string IdOf(string member, Guid campaignId) => $"{member}|{campaignId}";

    public static Membership Of(string member, Guid campaignId, string addedBy, DateTimeOffset now) =>
        new() { Id = IdOf(member, campaignId), Member = member, CampaignId = campaignId, Since = now, AddedBy = addedBy };
}
