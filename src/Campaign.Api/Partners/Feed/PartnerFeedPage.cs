using Campaign.Confidentiality;

namespace Campaign.Partners.Feed;

/// <summary>A page of the feed: the events after the position asked for, and the position to read after next.</summary>
/// <remarks>Describes the answer, which is written from the rendered events as they are (<see cref="PartnerCloudEvents.Page"/>).</remarks>
public sealed record PartnerFeedPage([property: Public] long Next, [property: Public] IReadOnlyList<PartnerCloudEvent> Events);

/// <summary>An event as partners receive it: a CloudEvent 1.0 in structured mode, with its data as its public contract.</summary>
/// <param name="Sequence">The event's global position, zero-padded to 19 digits so that it also orders as text.</param>
/// <param name="Occurredon">The day the development happened, for developments.</param>
/// <param name="Data">The public contract of the event type named by <c>type</c> (docs/partners.md).</param>
public sealed record PartnerCloudEvent(
    [property: Public] string Specversion, [property: Public] string Id, [property: Public] string Source, [property: Public] string Type,
    [property: Public] string? Subject, [property: Public] DateTimeOffset Time, [property: Public] string Datacontenttype,
    [property: Public] string Sequence, [property: Public] string? Occurredon, [property: Public] object Data);
