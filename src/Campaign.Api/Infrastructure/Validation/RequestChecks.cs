using Campaign.Infrastructure.Hardening;

namespace Campaign.Infrastructure.Validation;

public static class RequestChecks
{
    /// <summary>
    /// What is wrong with the request itself (a correlation id out of bounds, text that cannot be stored) is told to an
    /// authenticated caller before roles and campaigns are checked, so that it reads 400, not 403. A caller without a valid
    /// credential is told 401 and nothing more.
    /// </summary>
    public static IApplicationBuilder UseRequestChecks(this IApplicationBuilder app) =>
        app.UseWhen(context => context.User.Identity?.IsAuthenticated == true, checks => checks
            .UseCorrelationIdLimit()
            .UseMiddleware<RequestTextCheck>());
}
