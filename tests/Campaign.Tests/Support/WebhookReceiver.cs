using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Campaign.Tests.Support;

/// <summary>A partner's webhook endpoint: a real Kestrel server on 127.0.0.1 and a random port, recording every request.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Received(string Id, string Timestamp, string Signature, byte[] Body, int AnsweredWith)
    {
        public JsonElement CloudEvent => JsonDocument.Parse(Body).RootElement;
        public long Sequence => long.Parse(CloudEvent.GetProperty("sequence").GetString()!);
    }

    private readonly WebApplication app;

    /// <summary>How to answer the n-th request (from 1); 200 unless told otherwise.</summary>
    public Func<int, int> Answer { get; set; } = _ => 200;
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;
    public ConcurrentQueue<Received> Requests { get; } = new();
    public string Url { get; }

    private WebhookReceiver(WebApplication app, string url) => (this.app, Url) = (app, url);

    public static async Task<WebhookReceiver> Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            if (receiver!.Delay > TimeSpan.Zero) await Task.Delay(receiver.Delay);
            var status = receiver.Answer(receiver.Requests.Count + 1);
            var headers = context.Request.Headers;
            receiver.Requests.Enqueue(new(headers["webhook-id"]!, headers["webhook-timestamp"]!, headers["webhook-signature"]!, body.ToArray(), status));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver = new WebhookReceiver(app, $"{address}/hook");
        return receiver;
    }

    /// <summary>What was acknowledged (2xx), first acknowledgement of each event only, in arrival order.</summary>
    public List<Received> Acknowledged() =>
        Requests.Where(r => r.AnsweredWith is >= 200 and < 300).DistinctBy(r => r.Id).ToList();

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
