using System.Text.Json.Nodes;
using Campaign.Infrastructure.Writing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Campaign.Infrastructure.ApiDocument;

/// <summary>
/// Completes each operation of the document from what its endpoint declares: who may call it (security), the query
/// parameters and headers it reads itself, every status it can answer with problem details, streamed answers, and its
/// description from its documentation comment. Applied to every operation, so that no endpoint is described by hand.
/// </summary>
public sealed class OperationDocumentation(EndpointComments comments) : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<EndpointMethod>().FirstOrDefault() is not { } endpoint) return;
        var document = context.Document!;
        var method = endpoint.Method;
        // A short title; the comment of the method (or else of the command it sends) is the description.
        operation.Summary = metadata.OfType<IEndpointSummaryMetadata>().LastOrDefault()?.Summary ?? operation.Summary;
        var (text, parameterTexts) = comments.Of(method);
        operation.Description = text ?? (endpoint.RequestType is { } request && operation.RequestBody is not null ? comments.Of(request) : null);

        operation.Parameters ??= [];
        foreach (var declared in method.GetCustomAttributes(true).OfType<IReadsQuery>().SelectMany(r => r.Parameters)
                     .Concat(method.GetCustomAttributes(typeof(QueryParameterAttribute), true).Cast<QueryParameterAttribute>()))
            Replace(operation, new OpenApiParameter
            {
                Name = declared.Name, In = ParameterLocation.Query, Description = declared.Description,
                Schema = SchemaOf(declared.Type), Example = declared.Example is { } e ? ExampleOf(declared.Type, e) : null,
            });
        foreach (var (name, description) in HeadersOf(endpoint))
            Replace(operation, new OpenApiParameter { Name = name, In = ParameterLocation.Header, Description = description, Schema = SchemaOf(typeof(string)) });
        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>())
            if (parameter.Description is null && parameterTexts.TryGetValue(parameter.Name!, out var described)) parameter.Description = described;

        if (method.GetCustomAttributes(typeof(RequestTextAttribute), true).FirstOrDefault() is RequestTextAttribute body)
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true, Description = body.Description,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [body.ContentType] = new() { Schema = SchemaOf(typeof(string)), Example = body.ExampleText is { } example ? JsonValue.Create(example) : null },
                },
            };

        operation.Responses ??= [];
        if (method.GetCustomAttributes(typeof(ProducesStreamAttribute), true).FirstOrDefault() is ProducesStreamAttribute stream)
        {
            operation.Responses.Remove("204");
            operation.Responses["200"] = new OpenApiResponse
            {
                Description = stream.Description,
                Content = new Dictionary<string, OpenApiMediaType> { [stream.ContentType] = new() { Schema = SchemaOf(typeof(string)) } },
            };
        }

        // A second media type for a status already described (e.g. the feed as a CloudEvents batch).
        foreach (var produces in method.GetCustomAttributes(typeof(ProducesResponseTypeAttribute), true).Cast<ProducesResponseTypeAttribute>())
            if (operation.Responses.TryGetValue(produces.StatusCode.ToString(), out var response) && response is OpenApiResponse { Content: { } content })
                foreach (var contentType in ContentTypesOf(produces).Where(c => !content.ContainsKey(c)))
                    content[contentType] = new OpenApiMediaType { Schema = await context.GetOrCreateSchemaAsync(produces.Type!, null, cancellationToken) };

        var authorized = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        if (authorized)
        {
            operation.Security = [.. SecuritySchemes.For(method).Select(scheme => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(scheme, document)] = [],
            })];
            Problem(operation, document, "401", "No credential, or a wrong, expired or revoked one.", retry: false);
            Problem(operation, document, "403", "The credential's role (or campaign membership) does not allow this.", retry: false);
        }
        Problem(operation, document, "400", "A value that cannot be used (each field named), or a header or query value that is not storable text.", retry: false);
        Problem(operation, document, "404", "No such resource, or none this credential may see.", retry: false);
        Problem(operation, document, "429", "Too many requests for this credential (or address): wait the Retry-After seconds.", retry: true);
        Problem(operation, document, "503", "The database cannot be reached for now: send again after Retry-After seconds (with the same Idempotency-Key).", retry: true);
        if (method.GetCustomAttributes(typeof(ConsumesFileAttribute), true).FirstOrDefault() is ConsumesFileAttribute file)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Description = file.Description, Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/octet-stream"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } } },
            };
            Problem(operation, document, "413", $"The file is larger than {file.SizeSetting}.", retry: false);
            Problem(operation, document, "415", $"The Content-Type is not one of {file.TypesSetting}.", retry: false);
        }
        else if (operation.RequestBody is not null)
        {
            Problem(operation, document, "413", "The body is larger than Limits:MaxRequestBodyBytes.", retry: false);
            Problem(operation, document, "415", $"The Content-Type is not {string.Join(" or ", operation.RequestBody.Content?.Keys ?? [])}.", retry: false);
        }
    }

    /// <summary>If-Match and Idempotency-Key for a command sent through <see cref="HttpCommands"/>, and what the method declares.</summary>
    public static IEnumerable<(string Name, string Description)> HeadersOf(EndpointMethod endpoint)
    {
        if (endpoint.Method.GetParameters().Any(p => p.ParameterType == typeof(HttpCommands)))
        {
            yield return (Idempotency.HttpHeader,
                "Any unique text: a retry with the same key (and the same request) gets the first answer and records nothing more.");
            if (endpoint.RequestType?.IsAssignableTo(typeof(IVersionedCommand)) == true)
                yield return ("If-Match", "The stream version this request was decided on, e.g. \"3\": answered 409 if the stream has moved on.");
        }
        foreach (HeaderParameterAttribute header in endpoint.Method.GetCustomAttributes(typeof(HeaderParameterAttribute), true))
            yield return (header.Name, header.Description);
    }

    private static void Replace(OpenApiOperation operation, OpenApiParameter parameter)
    {
        var existing = operation.Parameters!.FirstOrDefault(p => p.Name == parameter.Name && p.In == parameter.In);
        if (existing is not null) operation.Parameters!.Remove(existing);
        operation.Parameters!.Add(parameter);
    }

    private static void Problem(OpenApiOperation operation, OpenApiDocument document, string status, string description, bool retry)
    {
        if (operation.Responses!.TryGetValue(status, out var existing) && existing.Content?.ContainsKey("application/problem+json") == true)
        {
            if (existing is OpenApiResponse response && response.Description is null or "Bad Request" or "Not Found" or "Conflict" or "Unprocessable Entity")
                response.Description = description;
            return;
        }
        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", document) },
            },
            Headers = retry
                ? new Dictionary<string, IOpenApiHeader>
                {
                    ["Retry-After"] = new OpenApiHeader { Description = "Seconds to wait before sending again.", Schema = SchemaOf(typeof(int)) },
                }
                : null,
        };
    }

    private static IEnumerable<string> ContentTypesOf(ProducesResponseTypeAttribute produces)
    {
        var types = new Microsoft.AspNetCore.Mvc.Formatters.MediaTypeCollection();
        ((Microsoft.AspNetCore.Mvc.ApiExplorer.IApiResponseMetadataProvider)produces).SetContentTypes(types);
        return types;
    }

    private static JsonNode ExampleOf(Type type, string example) =>
        type == typeof(long) || type == typeof(int) ? JsonValue.Create(long.Parse(example)) : JsonValue.Create(example);

    public static OpenApiSchema SchemaOf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsArray) return new OpenApiSchema { Type = JsonSchemaType.Array, Items = SchemaOf(type.GetElementType()!) };
        return type switch
        {
            _ when type == typeof(long) => new() { Type = JsonSchemaType.Integer, Format = "int64" },
            _ when type == typeof(int) => new() { Type = JsonSchemaType.Integer, Format = "int32" },
            _ when type == typeof(Guid) => new() { Type = JsonSchemaType.String, Format = "uuid" },
            _ when type == typeof(DateTimeOffset) => new() { Type = JsonSchemaType.String, Format = "date-time" },
            _ when type == typeof(DateOnly) => new() { Type = JsonSchemaType.String, Format = "date" },
            _ => new() { Type = JsonSchemaType.String },
        };
    }
}
