using System.Reflection;
using Campaign.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Wolverine.Http;

namespace Campaign.Partners;

/// <summary>
/// Partners' dashboards in a browser, on their own sites: CORS for the origins in <c>Cors:Origins</c> (none by default) on the
/// reads and the feed (GET under the read and feed policies), never on writes or the staff console.
/// </summary>
public static class BrowserPartners
{
    public const string Policy = "partners";

    public static IServiceCollection AddBrowserPartners(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = Origins(configuration);
        services.AddCors(options => options.AddPolicy(Policy, policy => policy
            .WithOrigins(origins).WithMethods("GET")
            .WithHeaders("Authorization", ApiKeyAuthentication.HeaderName, "Last-Event-ID", "X-Correlation-ID")
            .WithExposedHeaders("Feed-Next", "Link", "Retry-After", "X-Correlation-ID")
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));
        // The request line carries a live-stream token in its query: it is never logged, whatever the logging settings.
        services.AddLogging(logging => logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning));
        return services;
    }

    /// <summary>CORS on the endpoints a browser dashboard reads, answering their preflight requests.</summary>
    public static void Apply(HttpChain chain)
    {
        if (chain.HttpMethods.SequenceEqual(["GET"])
            && chain.Method.Method.GetCustomAttributes<AuthorizeAttribute>().Any(a => a.Policy is Policies.Read or Policies.Feed))
            chain.Metadata.RequireCors(Policy).WithMetadata(new HttpMethodMetadata(["GET"], acceptCorsPreflight: true));
    }

    /// <summary>A list (<c>Cors__Origins__0</c>, …) or comma-separated; each a scheme, host and port only, e.g. https://dashboard.example.org.</summary>
    private static string[] Origins(IConfiguration configuration)
    {
        var section = configuration.GetSection("Cors:Origins");
        var values = (section.Value is { } single ? [single] : section.GetChildren().Select(c => c.Value ?? ""))
            .SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
        foreach (var origin in values)
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.PathAndQuery != "/"
                || origin.EndsWith('/'))
                throw new InvalidOperationException($"Cors:Origins: '{origin}' is not an origin such as https://dashboard.example.org (a scheme, a host, a port if not the usual one; no path, no '*').");
        return values;
    }
}
