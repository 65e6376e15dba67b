using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Campaign.Infrastructure.Settings;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Campaign.Operations.Health;

/// <summary>
/// <c>/health/live</c>: the process answers (no check runs), for a supervisor deciding whether to restart it.
/// <c>/health/ready</c>: PostgreSQL answers and no consumer of the events is further behind than
/// <c>Health:MaxConsumerLag</c>, for a load balancer deciding whether to send it requests; <c>/health</c> is the same
/// as <c>/health/ready</c>. Healthy and Degraded (a consumer behind) answer 200, Unhealthy 503, each with a JSON body
/// naming every check. All three are anonymous and outside every request budget.
/// </summary>
public static class HealthEndpoints
{
    private const string Ready = "ready";

    public static IServiceCollection AddCampaignHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseReachable>("postgresql", tags: [Ready])
            .AddCheck<ConsumerLag>("consumer-lag", tags: [Ready]);
        return services;
    }

    public static void MapCampaignHealth(this IEndpointRouteBuilder app)
    {
        var ready = new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = Write };
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = Write }).AllowAnonymous().DisableRateLimiting();
        app.MapHealthChecks("/health/ready", ready).AllowAnonymous().DisableRateLimiting();
        app.MapHealthChecks("/health", ready).AllowAnonymous().DisableRateLimiting();
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static Task Write(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            seconds = Math.Round(report.TotalDuration.TotalSeconds, 3),
            checks = report.Entries.Select(entry => new
            {
                name = entry.Key,
                status = entry.Value.Status.ToString(),
                description = entry.Value.Description,
                seconds = Math.Round(entry.Value.Duration.TotalSeconds, 3),
                data = entry.Value.Data,
            }),
        }, Json));
    }
}

/// <summary>
/// <c>Health:MaxConsumerLag</c> (1 minute): how old the oldest event a consumer has not reached may be before readiness
/// is Degraded; <c>Health:Timeout</c> (3 s): how long each check may take, within it PostgreSQL's connection and query.
/// </summary>
public sealed class HealthOptions
{
    [AboveZero]
    public TimeSpan MaxConsumerLag { get; set; } = TimeSpan.FromMinutes(1);

    [Range(typeof(TimeSpan), "00:00:01", "00:01:00", ErrorMessage = "must be between {1} and {2}")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3);
}
