using Campaign.Infrastructure.Reading;

namespace Campaign.Infrastructure.Writing;

public static class WritingConfiguration
{
    /// <summary>The write path every command takes (expected versions, idempotency, one transaction) and read-your-writes.</summary>
    public static IServiceCollection AddCommandWrites(this IServiceCollection services) =>
        services.AddHttpContextAccessor()
            .AddScoped<Writes>()
            .AddScoped<DefendantStreams>()
            .AddScoped<CampaignStreams>()
            .AddSingleton<ReadYourWrites>()
            .AddSingleton<Housekeeping>()
            .AddHostedService(provider => provider.GetRequiredService<Housekeeping>());
}
