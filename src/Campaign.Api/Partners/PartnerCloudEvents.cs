using System.Collections.Concurrent;
using System.Net.Mime;
using System.Reflection;
using System.Text;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Campaign.Partners.Contracts;
using Campaign.Partners.Feed;
using JasperFx.Events;
using Microsoft.Extensions.Options;

namespace Campaign.Partners;

/// <summary>
/// Events as CloudEvents 1.0 for partners: <c>id</c> the event id, <c>type</c> its contract, <c>subject</c> the campaign
/// or defendant, <c>time</c> when it was recorded, and the extensions <c>sequence</c> (its global position, zero-padded
/// so that it also orders as text) and <c>occurredon</c> (the day the development happened).
/// </summary>
public sealed class PartnerCloudEvents(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, IOptions<LiveFeedOptions> partners)
{
    public const string BatchContentType = "application/cloudevents-batch+json";
    public static readonly CloudEventAttribute Sequence = CloudEventAttribute.CreateExtension("sequence", CloudEventAttributeType.String);
    public static readonly CloudEventAttribute OccurredOn = CloudEventAttribute.CreateExtension("occurredon", CloudEventAttributeType.String);

    private static readonly ConcurrentDictionary<Type, PropertyInfo?> CampaignIds = new();

    private readonly Uri source = new(partners.Value.Source, UriKind.RelativeOrAbsolute);
    private readonly JsonEventFormatter formatter = new(json.Value.SerializerOptions, new JsonDocumentOptions());

    public static string SequenceOf(long position) => position.ToString("D19");

    public CloudEvent? ToCloudEvent(IEvent e) => PartnerEvent.From(e.Data) is { } partnerEvent ? ToCloudEvent(e, partnerEvent) : null;

    /// <summary>The event as partners receive it, in structured mode, with its type and campaign; null when it is not for partners.</summary>
    public PublicEvent? Render(IEvent e)
    {
        if (PartnerEvent.From(e.Data) is not { } partnerEvent) return null;
        return new(e.Sequence, partnerEvent.Type, CampaignOf(partnerEvent.Data), Structured(ToCloudEvent(e, partnerEvent)).ToArray());
    }

    /// <summary>Every contract names its campaign (<c>campaignId</c>), which the campaign filter selects on.</summary>
    private static Guid CampaignOf(object contract) =>
        CampaignIds.GetOrAdd(contract.GetType(), type => type.GetProperty("CampaignId"))?.GetValue(contract) as Guid?
        ?? throw new InvalidOperationException($"The partner contract {contract.GetType().Name} does not name its campaign.");

    private CloudEvent ToCloudEvent(IEvent e, PartnerEvent partnerEvent)
    {
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0, [Sequence, OccurredOn])
        {
            Id = e.Id.ToString(),
            Source = source,
            Type = partnerEvent.Type,
            Subject = partnerEvent.Subject,
            Time = e.Timestamp,
            DataContentType = MediaTypeNames.Application.Json,
            Data = partnerEvent.Data,
        };
        cloudEvent[Sequence] = SequenceOf(e.Sequence);
        if (partnerEvent.OccurredOn is { } day) cloudEvent[OccurredOn] = day.ToString("yyyy-MM-dd");
        return cloudEvent;
    }

    /// <summary>One event in structured mode (<c>application/cloudevents+json</c>).</summary>
    public ReadOnlyMemory<byte> Structured(CloudEvent cloudEvent) => formatter.EncodeStructuredModeMessage(cloudEvent, out _);

    /// <summary>The feed's page, <c>{"next": position, "events": [...]}</c>: the rendered events copied as they are.</summary>
    public static byte[] Page(long next, IReadOnlyList<PublicEvent> events) => Join($"{{\"next\":{next},\"events\":[", events, "]}");

    /// <summary>A CloudEvents batch (a JSON array) of the rendered events, copied as they are.</summary>
    public static byte[] Batch(IReadOnlyList<PublicEvent> events) => Join("[", events, "]");

    private static byte[] Join(string before, IReadOnlyList<PublicEvent> events, string after)
    {
        var answer = new byte[before.Length + events.Sum(e => e.CloudEvent.Length) + Math.Max(events.Count - 1, 0) + after.Length];
        var at = Encoding.ASCII.GetBytes(before, answer);
        for (var i = 0; i < events.Count; i++)
        {
            if (i > 0) answer[at++] = (byte)',';
            events[i].CloudEvent.CopyTo(answer, at);
            at += events[i].CloudEvent.Length;
        }
        Encoding.ASCII.GetBytes(after, answer.AsSpan(at));
        return answer;
    }
}
