using System.Text.Json;
using Campaign.Campaigns.RecordingDevelopments;
using Campaign.Demo;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Campaign.Infrastructure.ApiDocument;

/// <summary>Request bodies shown with an example from the Atajurt 19 case, the same values the demo loads.</summary>
public sealed class AtajurtExamples(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IOpenApiSchemaTransformer
{
    private static readonly Guid Defendant = Guid.Parse("0b5d2f64-9a57-4a4f-8f3e-2d1c6a7e9b10");

    private static readonly Dictionary<Type, object> Examples = new object[]
    {
        AtajurtCase.Campaign, AtajurtCase.Defendant(1), AtajurtCase.Detention, AtajurtCase.AdministrativeCharge, AtajurtCase.Escalation,
        AtajurtCase.Remand, AtajurtCase.Trial, AtajurtCase.Amnesty,
        new RecordDevelopment([Defendant], Escalation: AtajurtCase.Escalation, ReplacesLegalBasis: AtajurtCase.AdministrativeBasis),
    }.ToDictionary(e => e.GetType());

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is null && Examples.TryGetValue(context.JsonTypeInfo.Type, out var example))
            schema.Examples = [JsonSerializer.SerializeToNode(example, example.GetType(), json.Value.SerializerOptions)!];
        return Task.CompletedTask;
    }
}
