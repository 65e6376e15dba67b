using System.Diagnostics;
using Campaign.Infrastructure.Writing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.StaffConsole.Errors;

/// <summary>
/// The page an error on a console page is re-executed to, whatever the method of the request that failed: it has no
/// handler, so any method renders it, and takes no form, so it needs no antiforgery token.
/// </summary>
[AllowAnonymous, IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Status => Response.StatusCode;

    /// <summary>Only a rejection's own message, which says what was asked for; never an exception's, which may reveal the server.</summary>
    public string? Detail => HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error is Rejection rejection ? rejection.Message : null;

    /// <summary>To quote to an administrator, who finds the failure in the logs by it.</summary>
    public string Reference => Activity.Current?.TraceId.ToString() ?? HttpContext.TraceIdentifier;

    /// <summary>Reached by an error, not by its own address.</summary>
    public bool IsError => HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null
                           || HttpContext.Features.Get<IExceptionHandlerFeature>() is not null;

    /// <summary>The address that failed, to come back to after signing in.</summary>
    public string ReturnUrl => HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is { } status
        ? status.OriginalPath + status.OriginalQueryString
        : HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? "/campaigns";

    public bool SignedIn => User.Identity?.AuthenticationType == StaffConsole.SignIn.ConsoleAuthentication.Scheme;

    public (string Title, string Text) Message => Status switch
    {
        StatusCodes.Status400BadRequest => ("This request could not be understood",
            "If you were sending a form, it may have been open too long or sent from another site. Go back, reload the page and try again."),
        StatusCodes.Status401Unauthorized => ("Sign in to continue", "This page is for the organisation's staff."),
        StatusCodes.Status403Forbidden => ("You cannot open this page", "Your account does not give you access to it."),
        StatusCodes.Status404NotFound => ("This page does not exist",
            "There is no campaign, defendant or page at this address. It may be mistyped, or the link that led here may be out of date."),
        StatusCodes.Status405MethodNotAllowed => ("This page cannot do that", "Go back and use the page's own links and buttons."),
        StatusCodes.Status409Conflict => ("This could not be done", "It contradicts what is recorded now. Reload the page to see the latest."),
        StatusCodes.Status413PayloadTooLarge => ("What you sent is too large", "Send less at once."),
        StatusCodes.Status503ServiceUnavailable => ("The service is busy or unavailable", "Nothing is lost. Try again in a minute."),
        _ => ("Something went wrong on our side", "It is not something you did. Try again; if it happens again, tell an administrator, quoting the reference below."),
    };
}
