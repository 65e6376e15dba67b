using Campaign.StaffConsole.SignIn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Marten;

namespace Campaign.StaffConsole;

/// <summary>The staff console: server-rendered Razor Pages at <c>/</c>, beside the API, with a session cookie of its own.</summary>
public static class ConsoleConfiguration
{
    public static IServiceCollection AddStaffConsole(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRazorPages(options => options.RootDirectory = "/StaffConsole")
            // What a form lacks is for the command's validator to say, once, as for the API.
            .AddMvcOptions(options => options.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true);
        services.AddSingleton<KeySignIn>();
        services.AddScoped<ConsoleViews>();
        services.AddScoped<Forms.Meanwhile>();
        services.AddSingleton<Search.DefendantSearch>();
        services.ConfigureMarten(Search.SearchIndex.AddTo);
        services.AddHostedService<Search.SearchTriggers>();

        var authentication = services.AddAuthentication().AddCookie(ConsoleAuthentication.Scheme, options =>
        {
            options.Cookie.Name = ConsoleAuthentication.CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.ExpireTimeSpan = ConsoleAuthentication.SessionLength;
            options.SlidingExpiration = true;
            options.LoginPath = "/";
            options.LogoutPath = "/sign-out";
            options.AccessDeniedPath = "/refused";
            options.ReturnUrlParameter = "returnUrl";
            options.Events.OnValidatePrincipal = ConsoleAuthentication.Refresh;
        });
        if (IdentityProvider.IsConfigured(configuration)) IdentityProvider.Add(authentication, configuration);

        // Outside /api, a request with a console session and no API credential is that session's (so that request limits
        // count it as the person's); the API itself never takes the cookie.
        services.PostConfigure<PolicySchemeOptions>(Access.AccessConfiguration.Scheme, options =>
        {
            var api = options.ForwardDefaultSelector;
            options.ForwardDefaultSelector = context =>
                !context.Request.Path.StartsWithSegments("/api") && Access.ApiKeyAuthentication.CredentialOf(context.Request) is null
                && context.Request.Cookies.ContainsKey(ConsoleAuthentication.CookieName)
                    ? ConsoleAuthentication.Scheme
                    : api?.Invoke(context);
        });

        // Secure cookies outside development, where the service is reached over HTTPS (behind a proxy, or Kestrel's own).
        services.AddOptions<CookieAuthenticationOptions>(ConsoleAuthentication.Scheme).Configure<IWebHostEnvironment>((options, environment) =>
            options.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always);
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "campaign.antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.FormFieldName = "__antiforgery";
        });
        services.AddOptions<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>().Configure<IWebHostEnvironment>((options, environment) =>
            options.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always);

        // Cookies and antiforgery tokens must open on every node: the key ring is kept in the database, wrapped with the master key.
        services.AddDataProtection().SetApplicationName("campaign-console");
        services.ConfigureMarten(options => options.Schema.For<KeyRingEntry>());
        services.AddOptions<KeyManagementOptions>().Configure<IDocumentStore, Confidentiality.MasterKey>((options, store, master) =>
        {
            options.XmlRepository = new KeyRing(store);
            if (master.Derive(KeyRingEncryption.Purpose) is { } key) options.XmlEncryptor = new KeyRingEncryption(key);
        });
        return services;
    }

    public static WebApplication UseStaffConsole(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorPages();
        return app;
    }
}
