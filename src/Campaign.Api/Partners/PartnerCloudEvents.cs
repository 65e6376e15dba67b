using System.Net.Mime;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Campaign.Partners.Contracts;
using JasperFx.Events;
using Microsoft.Extensions.Options;

namespace Campaign.Partners;

/// <summary>
/// Events as CloudEvents 1.0 for partners: <c>id</c> the event id, <c>type</c> its contract, <c>subject</c> the campaign
/// or defendant, <c>time</c> when it was recorded, and the extensions <c>sequence</c> (its global position, zero-padded
/// so that it also orders as text) and <c>occurredon</c> (the day the development happened).
/// </summary>
public sealed class PartnerCloudEvents(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, IConfiguration configuration)
{
    public const string BatchContentType = "application/cloudevents-batch+json";
    public static readonly CloudEventAttribute Sequence = CloudEventAttribute.CreateExtension("sequence", CloudEventAttributeType.String);
    public static readonly CloudEventAttribute OccurredOn = CloudEventAttribute.CreateExtension("occurredon", CloudEventAttributeType.String);

    private readonly Uri source = new(configuration["Partners:Source"] ?? "urn:campaign", UriKind.RelativeOrAbsolute);
    private readonly JsonEventFormatter formatter = new(json.Value.SerializerOptions, new JsonDocumentOptions());

    public static string SequenceOf(long position) => position.ToString("D19");

    public CloudEvent? ToCloudEvent(IEvent e)
    {
        if (PartnerEvent.From(e.Data) is not { } partnerEvent) return null;
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

    public ReadOnlyMemory<byte> Batch(IEnumerable<CloudEvent> cloudEvents) => formatter.EncodeBatchModeMessage(cloudEvents, out _);

    /// <summary>The feed's page, <c>{"next": position, "events": [...]}</c>, each event written once, straight into the answer.</summary>
    public byte[] Page(long next, IEnumerable<CloudEvent> cloudEvents)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("next", next);
            json.WriteStartArray("events");
            foreach (var cloudEvent in cloudEvents) json.WriteRawValue(Structured(cloudEvent).Span, skipInputValidation: true);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
