using System.Text.RegularExpressions;
using Wolverine.Http;

namespace Campaign.Infrastructure;

public static partial class ApiDescription
{
    /// <summary>Groups endpoints in the docs by their feature area (Campaigns, Defendants, Retracting) and titles them by their operation.</summary>
    public static void Describe(HttpChain chain)
    {
        chain.Metadata.WithTags(chain.Method.HandlerType.Namespace!.Split('.')[1]).ProducesProblem(StatusCodes.Status404NotFound);
        if (chain.HttpMethods.Contains("POST"))
            chain.Metadata.ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        chain.EndpointSummary = Words().Replace(chain.OperationId, " $1").ToLowerInvariant() is var words
            ? char.ToUpperInvariant(words[0]) + words[1..]
            : chain.OperationId;
    }

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex Words();
}
