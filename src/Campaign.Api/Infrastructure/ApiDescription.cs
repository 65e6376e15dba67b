using System.Text.RegularExpressions;
using Campaign.Infrastructure.ApiDocument;
using Campaign.Infrastructure.Writing;
using Wolverine.Http;

namespace Campaign.Infrastructure;

public static partial class ApiDescription
{
    /// <summary>Groups endpoints in the docs by their feature area (Campaigns, Defendants, Retracting) and titles them by their operation.</summary>
    public static void Describe(HttpChain chain)
    {
        chain.Metadata.WithTags(chain.Method.HandlerType.Namespace!.Split('.')[1]).ProducesProblem(StatusCodes.Status404NotFound)
            .WithMetadata(new EndpointMethod(chain.Method.Method, chain.RequestType));
        if (chain.HttpMethods.Contains("POST")) chain.Metadata.ProducesProblem(StatusCodes.Status409Conflict);
        if (chain.Method.Method.GetParameters().Any(p => p.ParameterType == typeof(HttpCommands)))
            chain.Metadata.ProducesProblem(StatusCodes.Status422UnprocessableEntity); // an Idempotency-Key sent again with another request
        chain.EndpointSummary = Words().Replace(chain.OperationId, " $1").ToLowerInvariant() is var words
            ? char.ToUpperInvariant(words[0]) + words[1..]
            : chain.OperationId;
    }

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex Words();
}
