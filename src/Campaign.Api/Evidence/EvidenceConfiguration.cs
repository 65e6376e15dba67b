using Campaign.Evidence.Downloading;
using Campaign.Infrastructure.Settings;
using Marten;

namespace Campaign.Evidence;

public static class EvidenceConfiguration
{
    public static IServiceCollection AddEvidence(this IServiceCollection services)
    {
        services.AddSettings<EvidenceOptions>("Evidence");
        services.ConfigureMarten(options =>
        {
            foreach (var table in EvidenceStore.Tables(options.DatabaseSchemaName)) options.Storage.ExtendedSchemaObjects.Add(table);
        });
        return services.AddSingleton<EvidenceStore>().AddScoped<EvidenceDownload>();
    }
}
