using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Campaign.Infrastructure;

public static class Problems
{
    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is invalid.",
            Detail = "See the errors for each field.",
        });

    /// <summary>Turns a path such as <c>Source.PublishedOn</c> or <c>$.source.publishedOn</c> into <c>source.publishedOn</c>.</summary>
    public static string FieldName(string path) =>
        string.Join('.', path.TrimStart('$').TrimStart('.').Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
}
