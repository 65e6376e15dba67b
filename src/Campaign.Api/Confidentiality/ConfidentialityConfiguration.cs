using Campaign.Infrastructure.Settings;
using Marten;

namespace Campaign.Confidentiality;

public static class ConfidentialityConfiguration
{
    public static IServiceCollection AddConfidentiality(this IServiceCollection services)
    {
        services.AddSettings<ConfidentialityOptions>("Confidentiality");
        services.ConfigureMarten(options => options.Storage.ExtendedSchemaObjects.Add(LegalNameIndex.Table(options.DatabaseSchemaName)));
        return services.AddSingleton<MasterKey>().AddSingleton<PersonalData>().AddSingleton<Disclosure>()
            .AddSingleton<RequestFingerprints>().AddSingleton<LegalNameIndex>().AddSingleton<EventSealer>();
    }
}
