using System.Net;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Campaign.Infrastructure.Settings;
using Microsoft.Net.Http.Headers;

namespace Campaign.Infrastructure.Hardening;

/// <summary>Limits on what one request and one credential may ask of the service, and the headers every answer carries.</summary>
public static class RequestHardening
{
    public static IServiceCollection AddCampaignHardening(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<LimitOptions>("Limits");
        services.AddSingleton<IValidateOptions<NetworkOptions>>(new AnnotatedSettings<NetworkOptions>("Network"));
        services.AddOptions<NetworkOptions>().ValidateOnStart().Configure(network =>
            (network.KnownProxies, network.KnownNetworks) = (List(configuration, "Network:KnownProxies"), List(configuration, "Network:KnownNetworks")));
        services.AddSingleton<RequestBudgets>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<RequestBudgets>((options, budgets) =>
        {
            // /health and the docs are outside every budget (see Program.cs), so probes keep working while an address is refused.
            options.GlobalLimiter = budgets.Limiter;
            options.OnRejected = (rejected, _) => new(budgets.Refuse(rejected.HttpContext, RequestBudgets.RetryAfter(rejected.Lease)));
        });
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonForAnyAccept>();
        return services;
    }

    /// <summary>
    /// Behind a reverse proxy, takes the caller's address (and with it the budget of requests without a credential) and
    /// scheme from <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>, from the proxies named in <c>Network:KnownProxies</c>
    /// (addresses) or <c>Network:KnownNetworks</c> (CIDR) only. Off unless configured: any client can send those headers.
    /// </summary>
    public static IApplicationBuilder UseForwardedHeadersFromProxies(this IApplicationBuilder app)
    {
        var trusted = app.ApplicationServices.GetRequiredService<IOptions<NetworkOptions>>().Value;
        var (proxies, networks) = (trusted.KnownProxies, trusted.KnownNetworks);
        if (proxies.Length == 0 && networks.Length == 0) return app;
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = null, // each hop is trusted only if it is a known proxy
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies) options.KnownProxies.Add(IPAddress.Parse(proxy));
        foreach (var network in networks) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        return app.UseForwardedHeaders(options);
    }

    /// <summary>A list setting, given as an array (<c>Key:0</c>, <c>Key:1</c>) or as one comma-separated value.</summary>
    private static string[] List(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var values = section.Value is { } value ? value.Split(',') : section.GetChildren().Select(c => c.Value ?? "");
        return [.. values.Select(v => v.Trim()).Where(v => v.Length > 0)];
    }

    /// <summary>
    /// Refuses bodies above <c>Limits:MaxRequestBodyBytes</c> (default 1 MiB), or the endpoint's <see cref="IOwnBodyLimit"/>,
    /// with 413 problem details.
    /// </summary>
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app)
    {
        var limits = app.ApplicationServices.GetRequiredService<IOptions<LimitOptions>>();
        return app.Use(async (context, next) =>
        {
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<IOwnBodyLimit>()?.MaxBodyBytes(context.RequestServices)
                ?? limits.Value.MaxRequestBodyBytes;
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
                feature.MaxRequestBodySize = limit;
            if (context.Request.ContentLength > limit)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new()
                {
                    HttpContext = context,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status413PayloadTooLarge, Title = "The request body is too large.",
                        Detail = $"Bodies are limited to {limit} bytes.",
                    },
                });
                return;
            }
            await next(context);
        });
    }

    /// <summary>No sniffing, no framing, no referrer, no caching of case data; the docs page may run its own scripts.</summary>
    /// <remarks>
    /// Set as each answer starts rather than on the way in: the exception handler clears the headers of the answer it
    /// replaces, so that error pages and problem details would otherwise go without them. A header set downstream stays.
    /// </remarks>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        // Read once: as an error answer starts, the request's services may be a scope the exception handler has disposed.
        var identityProvider = IdentityProvider(app.ApplicationServices.GetRequiredService<IConfiguration>());
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                AddSecurityHeaders(context, identityProvider);
                return Task.CompletedTask;
            });
            return next(context);
        });
    }

    private static void AddSecurityHeaders(HttpContext context, string identityProvider)
    {
        var headers = context.Response.Headers;
        // An error is answered from the error page's path: the headers are those of the path that was asked for.
        var path = new PathString(context.Features.Get<IExceptionHandlerPathFeature>()?.Path
            ?? context.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath ?? context.Request.Path);
        var api = path.StartsWithSegments("/api");
        headers.TryAdd(HeaderNames.XContentTypeOptions, "nosniff");
        headers.TryAdd(HeaderNames.XFrameOptions, "DENY");
        headers.TryAdd("Referrer-Policy", "no-referrer");
        headers.TryAdd("Cross-Origin-Resource-Policy", "same-origin");
        headers.TryAdd(HeaderNames.ContentSecurityPolicy, path.StartsWithSegments("/docs")
            ? "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; frame-ancestors 'none'"
            : api ? "default-src 'none'; frame-ancestors 'none'"
            // The staff console: its own stylesheet and script only, forms posted to itself.
            : $"default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'{identityProvider}; base-uri 'none'; frame-ancestors 'none'");
        if (api || !Path.HasExtension(path.Value)) headers.TryAdd(HeaderNames.CacheControl, "no-store");
    }

    /// <summary>The identity provider's origin, if one is configured: the console's sign-out form is redirected to it.</summary>
    private static string IdentityProvider(IConfiguration configuration) =>
        configuration["Authentication:Oidc:Authority"] is { Length: > 0 } authority
        && Uri.TryCreate(authority, UriKind.Absolute, out var uri) ? " " + uri.GetLeftPart(UriPartial.Authority) : "";
}

/// <summary>An endpoint whose body has a limit of its own (a file streamed to storage) instead of <c>Limits:MaxRequestBodyBytes</c>.</summary>
public interface IOwnBodyLimit
{
    long MaxBodyBytes(IServiceProvider services);
}
