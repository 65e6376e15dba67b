namespace Campaign.Confidentiality;

public static class ConfidentialityConfiguration
{
    public static IServiceCollection AddConfidentiality(this IServiceCollection services) =>
        services.AddSingleton<PersonalData>().AddSingleton<Disclosure>();
}
