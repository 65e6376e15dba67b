using System.Text;
using JasperFx.Events;

namespace Campaign.Partners.Feed;

/// <summary>An event as the live stream sends it, rendered once for every stream that wants it.</summary>
/// <param name="Campaign">The campaign it belongs to, for the campaign filter.</param>
/// <param name="Frame">The Server-Sent Event: <c>id</c>, <c>event</c> and <c>data</c> lines.</param>
public sealed record LiveEvent(long Sequence, string Type, Guid Campaign, string Frame)
{
    /// <summary>The event as partners see it, or null when it is not for partners.</summary>
    public static LiveEvent? Of(IEvent e, Guid campaign, PartnerCloudEvents cloudEvents)
    {
        if (cloudEvents.ToCloudEvent(e) is not { Type: { } type } cloudEvent) return null;
        var data = Encoding.UTF8.GetString(cloudEvents.Structured(cloudEvent).Span);
        return new(e.Sequence, type, campaign, $"id: {e.Sequence}\nevent: {type}\ndata: {data}\n\n");
    }

    public bool IsWantedBy(FeedFilter filter) =>
        (filter.Types is not { Count: > 0 } types || types.Contains(Type))
        && (filter.Campaigns is not { Count: > 0 } campaigns || campaigns.Contains(Campaign));
}
