using System.Security.Claims;
using Campaign.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace Campaign.StaffConsole.SignIn;

/// <summary>
/// Sign-in through the NGO's identity provider (OpenID Connect authorization code flow with PKCE), when
/// <c>Authentication:Oidc:Authority</c> is set with <c>ClientId</c> (and <c>ClientSecret</c> for a confidential client).
/// The role comes from <c>RoleClaim</c> (default <c>roles</c>), the person from <c>NameClaim</c> (default <c>email</c>),
/// as for the API's bearer tokens; a person with no console role is turned away.
/// </summary>
public static class IdentityProvider
{
    /// <summary>Where the provider sends the person back after signing in, and after signing out there.</summary>
    public const string CallbackPath = "/signin-oidc";
    public const string SignedOutCallbackPath = "/signout-callback-oidc";

    public static bool IsConfigured(IConfiguration configuration) => configuration["Authentication:Oidc:Authority"] is { Length: > 0 };

    public static void Add(AuthenticationBuilder authentication, IConfiguration configuration)
    {
        var oidc = configuration.GetSection("Authentication:Oidc");
        authentication.AddOpenIdConnect(ConsoleAuthentication.Provider, "Your organisation's sign-in", options =>
        {
            options.SignInScheme = ConsoleAuthentication.Scheme;
            options.Authority = oidc["Authority"];
            options.ClientId = oidc["ClientId"];
            options.ClientSecret = oidc["ClientSecret"];
            options.ResponseType = "code";
            options.UsePkce = true;
            options.MapInboundClaims = false;
            options.SaveTokens = false;
            options.CallbackPath = CallbackPath;
            options.SignedOutCallbackPath = SignedOutCallbackPath;
            // No sign-out by a GET from elsewhere (front-channel logout): the console's session ends only by its own
            // sign-out form. Such a request could not clear a SameSite=Strict cookie anyway.
            options.RemoteSignOutPath = PathString.Empty;
            options.Scope.Add("email");
            options.Events = new OpenIdConnectEvents
            {
                OnTokenValidated = context =>
                {
                    var claims = context.Principal!;
                    var name = claims.FindFirstValue(oidc["NameClaim"] ?? "email");
                    var roles = claims.FindAll(oidc["RoleClaim"] ?? "roles").Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
                    // The most capable console role the person holds; partners hold none.
                    Role? role = new[] { Role.Admin, Role.Auditor, Role.Staff }.Cast<Role?>().FirstOrDefault(r => roles.Contains(r!.Value.RoleName()));
                    if (name is null || role is null)
                    {
                        context.Fail(new NoConsoleRole(name));
                        return Task.CompletedTask;
                    }
                    context.Principal = ConsoleAuthentication.Principal(name, role.Value, "provider", null);
                    // Unlike a key's, which revoking ends, this session lasts its length from signing in, not from the last
                    // use: then the provider is asked again, and someone it no longer lets in is let in here no longer.
                    context.Properties!.AllowRefresh = false;
                    context.Properties.ExpiresUtc = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()
                        + ConsoleAuthentication.SessionLength;
                    return Task.CompletedTask;
                },
                // A tampered, expired or foreign token, a lost or replayed state, a refusal by the provider: the sign-in
                // page says so, and the log says why.
                OnRemoteFailure = context =>
                {
                    context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IdentityProvider))
                        .LogWarning("Refused a console sign-in through the identity provider: {Reason}", context.Failure?.Message);
                    context.HandleResponse();
                    context.Response.Redirect(context.Failure is NoConsoleRole ? "/?refused=role" : "/?refused=provider");
                    return Task.CompletedTask;
                },
                // Signing out at the provider too, when it has an end-session endpoint; otherwise the session ends here only.
                OnRedirectToIdentityProviderForSignOut = context =>
                {
                    if (string.IsNullOrEmpty(context.ProtocolMessage.IssuerAddress))
                    {
                        context.Response.Redirect("/");
                        context.HandleResponse();
                        return Task.CompletedTask;
                    }
                    context.ProtocolMessage.ClientId = context.Options.ClientId;
                    return Task.CompletedTask;
                },
            };
        });
        // Metadata over plain HTTP only when asked (a local provider), or in development.
        authentication.Services.AddOptions<OpenIdConnectOptions>(ConsoleAuthentication.Provider).Configure<IWebHostEnvironment>((options, environment) =>
            options.RequireHttpsMetadata = bool.TryParse(oidc["RequireHttpsMetadata"], out var require) ? require : !environment.IsDevelopment());
    }

    /// <summary>The provider vouched for the person, but gave them no console role (or no name).</summary>
    private sealed class NoConsoleRole(string? name)
        : Exception($"The identity provider gave {name ?? "a person without a name"} no console role (admin, staff or auditor).");
}
