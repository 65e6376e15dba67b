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
            options.CallbackPath = "/signin-oidc";
            options.Scope.Add("email");
            options.RequireHttpsMetadata = !string.Equals(oidc["RequireHttpsMetadata"], "false", StringComparison.OrdinalIgnoreCase);
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
                        context.Fail("The identity provider gave no console role (admin, staff or auditor) or no name.");
                        return Task.CompletedTask;
                    }
                    context.Principal = ConsoleAuthentication.Principal(name, role.Value, "provider", null);
                    return Task.CompletedTask;
                },
                OnRemoteFailure = context =>
                {
                    context.HandleResponse();
                    context.Response.Redirect("/?refused=provider");
                    return Task.CompletedTask;
                },
            };
        });
    }
}
