using Campaign.Access;
using Campaign.Access.Keys;
using Campaign.Campaigns;
using Campaign.Infrastructure.Reading;
using Campaign.Infrastructure.Settings;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Campaign.Demo;

/// <summary>
/// The <c>Demo</c> settings: <c>Load</c> the Atajurt 19 case at start; <c>AdminKeyFile</c>, where the demo's admin key
/// is kept between runs (<c>deploy/run.sh</c> sets <c>.local/admin-key</c>); without it, a fresh key each run.
/// </summary>
public sealed class DemoOptions
{
    public bool Load { get; set; }
    public string? AdminKeyFile { get; set; }
}

public static class DemoRegistration
{
    /// <summary>With <c>Demo:Load=true</c>, loads the Atajurt 19 case once the service listens, and prints where to look.</summary>
    public static IServiceCollection AddDemoCase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<DemoOptions>("Demo");
        if (configuration.GetValue<bool>("Demo:Load")) services.AddHostedService<DemoLoader>();
        return services;
    }
}

public sealed class DemoLoader(
    IServer server, IHostApplicationLifetime lifetime, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, IOptions<DemoOptions> options,
    ReadYourWrites views, KeyIssuer keys, KeptKey kept, ILogger<DemoLoader> logger) : BackgroundService
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
            var (key, aboutKey) = await AdminKey(stoppingToken);
            using var api = new HttpClient { BaseAddress = new Uri(address) };
            api.DefaultRequestHeaders.Authorization = new("Bearer", key);

            var (campaignId, _, sequence) = await new AtajurtCase(api, json.Value.SerializerOptions).Load(stoppingToken);
            await views.WaitFor(nameof(CampaignView), sequence, stoppingToken);
            Console.WriteLine($"""

                Campaign is running with the Atajurt 19 demo case.
                  Staff console: {address}/  (open it in a browser and sign in with the admin key below)
                  API docs:      {address}/docs
                  Demo campaign: {address}/api/campaigns/{campaignId}
                  Admin key:     {key}
                  ({aboutKey}; send it as "Authorization: Bearer <key>")

                """);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogError(error, "Could not load the demo case");
        }
    }

    /// <summary>The kept key, or a new one saying why; without a file to keep it in, a fresh key each run (the previous run's revoked).</summary>
    private async Task<(string Key, string About)> AdminKey(CancellationToken ct)
    {
        if (options.Value.AdminKeyFile is { Length: > 0 } file)
        {
            var (key, whyNew) = await kept.Keep(file, DemoAdmin, ct);
            return (key, whyNew is null ? $"the same at every start, kept in {file}" : $"a new key, as {whyNew}; kept in {file} from now on");
        }
        await keys.RevokeAllOf(DemoAdmin, DemoAdmin, ct);
        return ((await keys.Issue(DemoAdmin, Role.Admin, "Demo administrator", null, DemoAdmin, ct)).Key, "it is shown only now");
    }
}
