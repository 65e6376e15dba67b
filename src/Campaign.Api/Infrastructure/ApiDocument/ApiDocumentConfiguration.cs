namespace Campaign.Infrastructure.ApiDocument;

public static class ApiDocumentConfiguration
{
    /// <summary>The OpenAPI document at <c>/openapi/v1.json</c>, completed from what each endpoint declares.</summary>
    public static IServiceCollection AddApiDocument(this IServiceCollection services)
    {
        services.AddSingleton<EndpointComments>();
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<SecuritySchemes>();
            options.AddOperationTransformer<OperationDocumentation>();
            options.AddSchemaTransformer<AtajurtExamples>();
        });
        return services;
    }
}
