using System.Reflection;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Campaign.Infrastructure.ApiDocument;

/// <summary>How a caller proves who they are, as the document's security schemes; the docs page then offers to sign in.</summary>
public sealed class SecuritySchemes : IOpenApiDocumentTransformer
{
    public const string Bearer = "bearer", ApiKey = "apiKey", LiveStreamToken = "liveStreamToken";

    /// <summary>The schemes an operation accepts, each alone: a key or token in a header, and for some a token in the query.</summary>
    public static IEnumerable<string> For(MethodInfo method) =>
        method.GetCustomAttribute<AcceptsLiveStreamTokenAttribute>() is null ? [Bearer, ApiKey] : [Bearer, ApiKey, LiveStreamToken];

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Campaign API";
        document.Info.Description = "Dated, sourced facts of human-rights cases (campaigns, defendants, detentions, charges, custody, " +
            "hearings, verdicts, statements) as an event store. Every operation needs a credential: an access key (`cmp_…`) " +
            "or a token from the organisation's identity provider. Errors are RFC 7807 problem details. Partners: see docs/partners.md.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [Bearer] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer",
                Description = "`Authorization: Bearer cmp_…` with an access key, or a token from the organisation's identity provider.",
            },
            [ApiKey] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = Access.ApiKeyAuthentication.HeaderName,
                Description = "An access key (`cmp_…`) in the X-Api-Key header.",
            },
            [LiveStreamToken] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Query, Name = Partners.Feed.Tokens.LiveStreamTokens.QueryName,
                Description = "For browsers (EventSource sends no headers): a token from POST /api/feed/tokens, valid a few minutes, " +
                    "for the live stream only.",
            },
        };
        return Task.CompletedTask;
    }
}

/// <summary>The endpoint also accepts a live-stream token in the query (<see cref="SecuritySchemes.LiveStreamToken"/>).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AcceptsLiveStreamTokenAttribute : Attribute;
