using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Campaign.Access;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Campaign.Infrastructure.Hardening;

/// <summary>Limits on what one request and one credential may ask of the service, and the headers every answer carries.</summary>
public static class RequestHardening
{
    public static IServiceCollection AddCampaignHardening(this IServiceCollection services, IConfiguration configuration)
    {
        var permitsPerMinute = configuration.GetValue("Limits:RequestsPerMinute", 1200);
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetFixedWindowLimiter(PartitionOf(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permitsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
                }));
            options.OnRejected = async (rejected, ct) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                rejected.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                rejected.HttpContext.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                await rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new()
                {
                    HttpContext = rejected.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests.",
                        Detail = $"This credential may make {permitsPerMinute} requests a minute.",
                    },
                });
            };
        });
        return services;
    }

    /// <summary>Each credential has its own budget; unauthenticated requests share one per address.</summary>
    private static string PartitionOf(HttpContext context) =>
        context.User.FindFirstValue(CampaignClaims.KeyId) ?? context.User.Identity?.Name
        ?? $"address:{context.Connection.RemoteIpAddress}";

    /// <summary>Refuses bodies above <c>Limits:MaxRequestBodyBytes</c> (default 1 MiB) with 413 problem details.</summary>
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app, IConfiguration configuration)
    {
        var limit = configuration.GetValue("Limits:MaxRequestBodyBytes", 1L << 20);
        return app.Use(async (context, next) =>
        {
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
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        var api = context.Request.Path.StartsWithSegments("/api");
        headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/docs")
            ? "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; frame-ancestors 'none'"
            : api ? "default-src 'none'; frame-ancestors 'none'"
            // The staff console: its own stylesheet and script only, forms posted to itself.
            : "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
        if (api || !Path.HasExtension(context.Request.Path.Value)) headers.CacheControl = "no-store";
        await next(context);
    });
}
