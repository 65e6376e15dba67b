using Campaign.Infrastructure.Settings;
using Campaign.Auditing.Chain;
using Campaign.Auditing.Export;
using Campaign.Auditing.TimeTravel;
using Campaign.Auditing.Views;

namespace Campaign.Auditing;

public static class AuditConfiguration
{
    public static IServiceCollection AddAuditing(this IServiceCollection services)
    {
        services.AddSingleton<EventRows>();
        services.AddSettings<AuditOptions>("Audit");
        services.AddSingleton<AuditSigner>();
        services.AddSingleton<AuditChain>();
        services.AddSingleton<PastViews>();
        services.AddSingleton<ViewVerifier>();
        services.AddSingleton<EventImporter>();
        services.AddHostedService<EventImmutability>();
        return services;
    }
}
