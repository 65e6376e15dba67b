using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Campaign.Benchmarks;

/// <summary>A webhook receiver on 127.0.0.1 that counts what it is sent.</summary>
public sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private int received;

    private Receiver(WebApplication app) => this.app = app;

    public int Received => Volatile.Read(ref received);
    public string Url { get; private set; } = "";

    public static async Task<Receiver> Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new Receiver(app);
        app.MapPost("/hook", () =>
        {
            Interlocked.Increment(ref receiver.received);
            return Results.Ok();
        });
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/hook";
        return receiver;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
