using Campaign.Access;
using Campaign.Access.Keys;
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
    ReadYourWrites views, KeyIssuer keys, ILogger<DemoLoader> logger) : BackgroundService
{
    private const string DemoAdmin = "demo-admin";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        await using var _ = lifetime.ApplicationStarted.Register(started.SetResult);
        await started.Task.WaitAsync(stoppingToken);

        var address = server.Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("0.0.0.0", "127.0.0.1").Replace("[::]", "127.0.0.1");
        try
        {
            // A fresh admin key each run, shown once; the previous run's is revoked.
            await keys.RevokeAllOf(DemoAdmin, DemoAdmin, stoppingToken);
            var key = await keys.Issue(DemoAdmin, Role.Admin, "Demo administrator", null, DemoAdmin, stoppingToken);
            using var api = new HttpClient { BaseAddress = new Uri(address) };
            api.DefaultRequestHeaders.Authorization = new("Bearer", key.Key);

            var (campaignId, _, sequence) = await new AtajurtCase(api, json.Value.SerializerOptions).Load(stoppingToken);
            await views.WaitFor(nameof(CampaignView), sequence, stoppingToken);
            Console.WriteLine($"""

                Campaign is running with the Atajurt 19 demo case.
                  Staff console: {address}/  (open it in a browser and sign in with the admin key below)
                  API docs:      {address}/docs
                  Demo campaign: {address}/api/campaigns/{campaignId}
                  Admin key:     {key.Key}
                  (send it as "Authorization: Bearer <key>"; it is shown only now)

                """);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogError(error, "Could not load the demo case");
        }
    }
}
