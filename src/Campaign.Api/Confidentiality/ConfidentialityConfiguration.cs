namespace Campaign.Confidentiality;

public static class ConfidentialityConfiguration
{
    public static IServiceCollection AddConfidentiality(this IServiceCollection services) =>
        services.AddSingleton<MasterKey>().AddSingleton<PersonalData>().AddSingleton<Disclosure>()
            .AddSingleton<RequestFingerprints>().AddSingleton<EventSealer>();
}
