using System.Diagnostics;
using System.Net;
using Campaign.Confidentiality;
using Campaign.Infrastructure.Telemetry;
using CloudNative.CloudEvents;
using Microsoft.Extensions.Options;

namespace Campaign.Partners.Webhooks.Delivering;

public sealed record DeliveryResult(int? StatusCode, string? Error, long DurationMs)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
    public bool Gone => StatusCode == (int)HttpStatusCode.Gone;
}

/// <summary>POSTs one CloudEvent, signed the Standard Webhooks way, to a subscription's address.</summary>
public sealed class WebhookSender(IHttpClientFactory clients, PartnerCloudEvents cloudEvents, MasterKey master, TimeProvider clock,
    CampaignMetrics metrics)
{
    public const string ClientName = "webhooks";

    public async Task<DeliveryResult> Send(WebhookSubscription subscription, CloudEvent cloudEvent, CancellationToken ct)
    {
        var body = cloudEvents.Structured(cloudEvent).ToArray();
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/cloudevents+json") { CharSet = "utf-8" };
        request.Headers.Add("webhook-id", cloudEvent.Id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString());
        request.Headers.Add("webhook-signature", string.Join(' ',
            subscription.ValidSecrets(clock.GetUtcNow())
                .Select(s => WebhookSignature.Sign(master.Reveal(subscription.Id, s.Value), cloudEvent.Id!, timestamp, body))));

        var result = await Post(request, ct);
        metrics.Attempted(result);
        return result;
    }

    private async Task<DeliveryResult> Post(HttpRequestMessage request, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, ct);
            return new((int)response.StatusCode, response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}", watch.ElapsedMilliseconds);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new(null, error.Message, watch.ElapsedMilliseconds);
        }
    }

    public static void Register(IServiceCollection services) =>
        services.AddHttpClient(ClientName, (provider, client) => client.Timeout = provider.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout)
            .ConfigurePrimaryHttpMessageHandler(provider => WebhookConnection.Handler(provider.GetRequiredService<WebhookAddress>(),
                provider.GetRequiredService<IOptions<WebhookOptions>>().Value.Proxy));
}
