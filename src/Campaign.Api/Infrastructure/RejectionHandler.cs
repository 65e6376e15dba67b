using Campaign.Infrastructure.Reading;
using Campaign.Infrastructure.Writing;
using JasperFx;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Campaign.Infrastructure;

/// <summary>
/// Answers exceptions with RFC 7807 problem details: rejections and concurrency failures with their
/// own status, an unreachable database with 503 and Retry-After, anything else with a bare 500 that reveals
/// nothing of the server.
/// </summary>
public sealed class RejectionHandler(IProblemDetailsService problems, ILogger<RejectionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        // A console page's failure is told as a page (the request's path is by now the error page's; the feature keeps the one that failed).
        if (context.Features.Get<IExceptionHandlerPathFeature>() is { } failed && StaffConsole.Errors.ErrorPages.Serve(new PathString(failed.Path))) return false;
        var problem = exception switch
        {
            InvalidReference invalid => new HttpValidationProblemDetails(
                new Dictionary<string, string[]> { [invalid.Field] = [invalid.Message] })
            {
                Status = invalid.StatusCode, Title = "The request is invalid.", Detail = invalid.Message,
            },
            InvalidCommand invalid => new HttpValidationProblemDetails(invalid.Errors)
            {
                Status = invalid.StatusCode, Title = "The request is invalid.", Detail = invalid.Message,
            },
            Rejection rejection => new ProblemDetails { Status = rejection.StatusCode, Title = TitleOf(rejection.StatusCode), Detail = rejection.Message },
            ConcurrencyException or Marten.Exceptions.ExistingStreamIdCollisionException => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict, Title = TitleOf(StatusCodes.Status409Conflict),
                Detail = "The stream was changed by another write at the same time. Read it again and retry.",
            },
            BadHttpRequestException bad => new ProblemDetails { Status = bad.StatusCode, Title = TitleOf(bad.StatusCode) },
            _ when DatabaseUnavailable.Caused(exception) => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable, Title = "The database is unavailable or busy for now.",
                Detail = "Retry after the delay in Retry-After; retry a write with the same Idempotency-Key, so that it is recorded once.",
            },
            _ => null,
        };

        if (problem is null)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            problem = new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "An unexpected error occurred." };
        }

        if (exception is ViewCatchingUp) context.Response.Headers.RetryAfter = "1";
        else if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            logger.LogWarning("Database unavailable on {Method} {Path}: {Reason}", context.Request.Method, context.Request.Path, exception.GetBaseException().Message);
            context.Response.Headers.RetryAfter = $"{DatabaseUnavailable.RetryAfterSeconds}";
        }
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static string TitleOf(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "The request is invalid.",
        StatusCodes.Status403Forbidden => "Forbidden.",
        StatusCodes.Status404NotFound => "Not found.",
        StatusCodes.Status409Conflict => "The request conflicts with the current state of the case.",
        StatusCodes.Status422UnprocessableEntity => "The request cannot be processed.",
        StatusCodes.Status503ServiceUnavailable => "Not ready yet.",
        _ => "The request failed.",
    };
}
