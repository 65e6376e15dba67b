using System.Text;

namespace Campaign.Partners.Feed;

/// <summary>An event as the live stream sends it, framed once for every stream that wants it.</summary>
/// <param name="Campaign">The campaign it belongs to, for the campaign filter.</param>
/// <param name="Frame">The Server-Sent Event: <c>id</c>, <c>event</c> and <c>data</c> lines.</param>
public sealed record LiveEvent(long Sequence, string Type, Guid Campaign, string Frame)
{
    public static LiveEvent Of(PublicEvent e) =>
        new(e.Sequence, e.Type, e.Campaign, $"id: {e.Sequence}\nevent: {e.Type}\ndata: {Encoding.UTF8.GetString(e.CloudEvent)}\n\n");

    public bool IsWantedBy(FeedFilter filter) =>
        (filter.Types is not { Count: > 0 } types || types.Contains(Type))
        && (filter.Campaigns is not { Count: > 0 } campaigns || campaigns.Contains(Campaign));
}
