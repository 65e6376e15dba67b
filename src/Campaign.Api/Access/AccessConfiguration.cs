using System.Security.Claims;
using System.Text;
using Campaign.Access.Members;
using Campaign.Partners.Feed.Tokens;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;

namespace Campaign.Access;

/// <summary>The rules every endpoint names with <c>[Authorize(Policy = …)]</c>. An endpoint that names none is denied to all.</summary>
public static class Policies
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Launch = "launch";
    public const string Administer = "administer";

    /// <summary>The partner-facing event feed and webhook subscriptions.</summary>
    public const string Feed = "feed";
    public const string Subscribe = "subscribe";

    /// <summary>History, time travel, verification and export: auditors and admins.</summary>
    public const string Audit = "audit";
}

public static class AccessConfiguration
{
    /// <summary>The default scheme: it forwards each request to the scheme of the credential it carries.</summary>
    public const string Scheme = "Campaign";

    public static IServiceCollection AddCampaignAccess(this IServiceCollection services, IConfiguration configuration)
    {
        var jwt = configuration.GetSection("Authentication:Jwt");
        var useJwt = jwt["Authority"] is { Length: > 0 } || jwt["SigningKey"] is { Length: > 0 };

        var authentication = services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, null, options => options.ForwardDefaultSelector = context =>
                ApiKeyAuthentication.CredentialOf(context.Request) switch
                {
                    null when LiveStreamTokenAuthentication.Carries(context.Request) => LiveStreamTokenAuthentication.SchemeName,
                    { } credential when useJwt && !Keys.ApiKey.LooksLikeKey(credential) => JwtBearerDefaults.AuthenticationScheme,
                    _ => ApiKeyAuthentication.SchemeName,
                })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, LiveStreamTokenAuthentication>(LiveStreamTokenAuthentication.SchemeName, null);
        if (useJwt) authentication.AddJwtBearer(options => UseIdentityProvider(options, jwt));

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireAssertion(ReachesNoEndpoint).Build())
            .AddPolicy(Policies.Administer, p => p.RequireRole(Role.Admin.RoleName()))
            .AddPolicy(Policies.Feed, p => p.RequireRole(Role.Admin.RoleName(), Role.Partner.RoleName(), Role.Auditor.RoleName()))
            .AddPolicy(Policies.Audit, p => p.RequireRole(Role.Admin.RoleName(), Role.Auditor.RoleName()))
            .AddPolicy(Policies.Subscribe, p => p.RequireRole(Role.Admin.RoleName(), Role.Partner.RoleName()))
            .AddPolicy(Policies.Launch, p => p.RequireRole(Role.Admin.RoleName(), Role.Staff.RoleName()))
            .AddPolicy(Policies.Write, p => p.RequireRole(Role.Admin.RoleName(), Role.Staff.RoleName()).AddRequirements(new CampaignScope()))
            .AddPolicy(Policies.Read, p => p.RequireRole(Enum.GetValues<Role>().Select(r => r.RoleName()).ToArray())
                .AddRequirements(new CampaignScope()));
        services.AddSingleton<IAuthorizationHandler, CampaignScopeHandler>();
        services.AddSingleton<Keys.KeyIssuer>();
        services.AddSingleton<Keys.KeptKey>();
        services.AddSingleton<AccessChanges>();
        services.AddSingleton<AccessChangeListener>();
        services.AddHostedService(provider => provider.GetRequiredService<AccessChangeListener>());
        services.AddSingleton<UnknownKeys>();
        services.AddMemoryCache();
        return services;
    }

    /// <summary>
    /// The fallback policy denies every endpoint of the service that names no policy. A request that reaches none
    /// (an unknown path, a method or a content type no endpoint takes) runs nothing of the service: routing answers it
    /// (404, 405, 415) to anyone authenticated, instead of a 403 that hides what is wrong.
    /// </summary>
    private static bool ReachesNoEndpoint(AuthorizationHandlerContext context) =>
        context.Resource is HttpContext http && http.GetEndpoint() is not RouteEndpoint;

    /// <summary>
    /// Bearer tokens from the NGO's identity provider: <c>Authority</c> and <c>Audience</c> (or, for a local set-up,
    /// a symmetric <c>SigningKey</c> with <c>Issuer</c>); the role comes from <c>RoleClaim</c> (default <c>roles</c>),
    /// the person from <c>NameClaim</c> (default <c>email</c>).
    /// </summary>
    private static void UseIdentityProvider(JwtBearerOptions options, IConfigurationSection jwt)
    {
        options.MapInboundClaims = false;
        options.Authority = jwt["Authority"];
        options.Audience = jwt["Audience"];
        options.TokenValidationParameters.RoleClaimType = jwt["RoleClaim"] ?? "roles";
        options.TokenValidationParameters.NameClaimType = jwt["NameClaim"] ?? "email";
        if (jwt["SigningKey"] is { Length: > 0 } signingKey)
        {
            options.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey));
            options.TokenValidationParameters.ValidIssuer = jwt["Issuer"];
            options.TokenValidationParameters.ValidAudience = jwt["Audience"];
        }
        options.Events = new JwtBearerEvents
        {
            OnTokenValidated = async context =>
            {
                var identity = (ClaimsIdentity)context.Principal!.Identity!;
                if (identity.Name is not { } member) return;
                var store = context.HttpContext.RequestServices.GetRequiredService<IDocumentStore>();
                await using var session = store.QuerySession();
                identity.AddClaims(await Membership.ClaimsOf(session, member, context.HttpContext.RequestAborted));
            },
        };
    }
}
