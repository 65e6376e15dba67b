using Campaign.Campaigns;
using Campaign.Infrastructure.Reading;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Campaign.Demo;

public static class DemoRegistration
{
    /// <summary>With <c>Demo:Load=true</c>, loads the Atajurt 19 case once the service listens, and prints where to look.</summary>
    public static IServiceCollection AddDemoCase(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetValue<bool>("Demo:Load")) services.AddHostedService<DemoLoader>();
        return services;
    }
}

public sealed class DemoLoader(
    IServer server, IHostApplicationLifetime lifetime, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
    ReadYourWrites views, ILogger<DemoLoader> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        await using var _ = lifetime.ApplicationStarted.Register(started.SetResult);
        await started.Task.WaitAsync(stoppingToken);

        var address = server.Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("0.0.0.0", "127.0.0.1").Replace("[::]", "127.0.0.1");
        using var api = new HttpClient { BaseAddress = new Uri(address) };
        try
        {
            var (campaignId, _, sequence) = await new AtajurtCase(api, json.Value.SerializerOptions).Load(stoppingToken);
            await views.WaitFor(nameof(CampaignView), sequence, stoppingToken);
            Console.WriteLine($"""

                Campaign is running with the Atajurt 19 demo case.
                  API docs:      {address}/docs
                  Demo campaign: {address}/api/campaigns/{campaignId}

                """);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogError(error, "Could not load the demo case");
        }
    }
}
