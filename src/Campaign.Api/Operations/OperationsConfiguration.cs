using Campaign.Access;
using Campaign.Infrastructure;
using Campaign.Infrastructure.Settings;
using Campaign.Operations.Health;

namespace Campaign.Operations;

public static class OperationsConfiguration
{
    /// <summary>Health endpoints, and the settings read while the store and sign-in are set up, checked at start-up.</summary>
    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.AddSettings<DatabaseOptions>(DatabaseOptions.Section);
        services.AddSettings<ProjectionSettings>("Projections");
        services.AddSettings<ClusterSettings>("Cluster");
        services.AddSettings<RetentionOptions>("Retention");
        services.AddSettings<JwtSettings>("Authentication:Jwt");
        services.AddSettings<OidcSettings>("Authentication:Oidc");
        services.AddSettings<HealthOptions>("Health");
        return services.AddCampaignHealth();
    }
}
