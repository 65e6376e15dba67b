using System.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Campaign.Infrastructure.Hardening;

/// <summary>
/// Writes problem details as JSON to a client whose <c>Accept</c> names no JSON (an EventSource asks for
/// <c>text/event-stream</c>, a probe for <c>application/xml</c>). ASP.NET Core's own writer declines those, and an error
/// then goes untold, or the exception handler turns a 404 it could not write into a 500. An error told in JSON is better.
/// </summary>
public sealed class ProblemJsonForAnyAccept(IOptions<JsonOptions> json) : IProblemDetailsWriter
{
    private static readonly MediaTypeHeaderValue[] Json = [new("application/json"), new("application/problem+json")];

    /// <summary>Only where the framework's writer, which runs first when it can, declines.</summary>
    public bool CanWrite(ProblemDetailsContext context) => !AcceptsJson(context.HttpContext.Request);

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var (http, problem) = (context.HttpContext, context.ProblemDetails);
        problem.Status ??= http.Response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? http.TraceIdentifier);
        return new(http.Response.WriteAsJsonAsync(problem, problem.GetType(), json.Value.SerializerOptions, "application/problem+json"));
    }

    private static bool AcceptsJson(HttpRequest request) =>
        request.Headers.Accept.Count == 0
        || MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted)
        && accepted.Any(a => Json.Any(j => j.IsSubsetOf(a)));
}
