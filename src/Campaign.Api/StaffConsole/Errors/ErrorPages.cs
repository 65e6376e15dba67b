using Campaign.Infrastructure;
using Campaign.Infrastructure.Writing;
using JasperFx;
using Microsoft.AspNetCore.Diagnostics;

namespace Campaign.StaffConsole.Errors;

/// <summary>
/// An error on one of the console's pages (an unknown page, campaign or defendant, a failure of the service) is told as a
/// page in the console's layout; the API, its docs, OpenAPI and health keep answering problem details.
/// </summary>
public static class ErrorPages
{
    public const string Path = "/error";

    public static bool Serve(HttpRequest request) => Serve(request.Path);

    public static bool Serve(PathString path) =>
        !(path.StartsWithSegments("/api") || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/docs") || path.StartsWithSegments("/health"));

    /// <summary>
    /// Instead of <c>UseExceptionHandler</c> and <c>UseStatusCodePages</c>. An exception on a console page, which
    /// <see cref="RejectionHandler"/> leaves alone, re-executes as the error page; so does a console page's empty error
    /// answer (an unknown page), while the API's are written as problem details. Both stay on the application itself,
    /// so that the error page is routed afresh.
    /// </summary>
    public static WebApplication UseErrorPagesOrProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = Path,
            CreateScopeForErrors = true, // the request's own services (its database session) may be what failed
            StatusCodeSelector = StatusOf,
            AllowStatusCode404Response = true,
            SuppressDiagnosticsCallback = context =>
                context.ExceptionHandledBy == ExceptionHandledType.ExceptionHandlerService || context.Exception is Rejection,
        });
        app.UseStatusCodePages();
        app.UseStatusCodePagesWithReExecute(Path);
        // The inner of the two, which re-executes, is turned off for the API's paths: the outer one writes problem details.
        app.Use((context, next) =>
        {
            if (!Serve(context.Request)) context.Features.Get<IStatusCodePagesFeature>()!.Enabled = false;
            return next(context);
        });
        return app;
    }

    /// <summary>As the API would answer it (see <see cref="RejectionHandler"/>).</summary>
    private static int StatusOf(Exception exception) => exception switch
    {
        Rejection rejection => rejection.StatusCode,
        ConcurrencyException => StatusCodes.Status409Conflict,
        BadHttpRequestException bad => bad.StatusCode,
        _ when DatabaseUnavailable.Caused(exception) => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
