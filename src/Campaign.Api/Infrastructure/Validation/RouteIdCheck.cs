using System.Collections.Concurrent;
using Wolverine.Http;

namespace Campaign.Infrastructure.Validation;

/// <summary>
/// Answers 404, right after authorization, for a route id that is not a GUID or is the empty GUID: such an id names
/// nothing (the service never gives it to anything), so the endpoint has nothing to act on. Authorization lets such a
/// request through its campaign check (there is no campaign to look for) but not through its role check, so a caller
/// whose role may use the endpoint learns that nothing is there (404) and anyone else that they may not (403).
/// </summary>
public sealed class RouteIdCheck(RequestDelegate next)
{
    private static readonly ConcurrentDictionary<HttpChain, string[]> IdsByEndpoint = new();

    public async Task InvokeAsync(HttpContext context)
    {
        if (IdThatNamesNothing(context) is { } id)
        {
            await TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.",
                detail: $"Nothing has this {id}.").ExecuteAsync(context);
            return;
        }
        await next(context);
    }

    /// <summary>The first route parameter the endpoint binds as a GUID whose value cannot name anything; null if none.</summary>
    public static string? IdThatNamesNothing(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<HttpChain>() is { } chain
            ? IdsByEndpoint.GetOrAdd(chain, IdsOf).FirstOrDefault(id => !NamesSomething(context.GetRouteValue(id)))
            : null;

    private static bool NamesSomething(object? value) => Guid.TryParse(value?.ToString(), out var id) && id != Guid.Empty;

    private static string[] IdsOf(HttpChain chain) =>
        chain.Method.Method.GetParameters()
            .Where(p => p.ParameterType == typeof(Guid) || p.ParameterType == typeof(Guid?))
            .Where(p => chain.RoutePattern?.GetParameter(p.Name!) is not null)
            .Select(p => p.Name!)
            .ToArray();
}
