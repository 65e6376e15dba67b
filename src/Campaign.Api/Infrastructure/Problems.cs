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
}
