using Campaign.StaffConsole.SignIn;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Campaign.Tests.Unit;

/// <summary>The console's identity provider, as configured from the service's settings.</summary>
public sealed class IdentityProviderSettingsTests
{
    [Theory]
    [InlineData("Production", null, true)]
    [InlineData("Development", null, false)]
    [InlineData("Production", "false", false)]
    [InlineData("Development", "true", true)]
    public void Metadata_is_read_over_plain_http_only_in_development_or_when_allowed(string environment, string? setting, bool httpsRequired)
    {
        var options = ProviderOptions(environment, new() { ["Authentication:Oidc:RequireHttpsMetadata"] = setting });

        Assert.Equal(httpsRequired, options.RequireHttpsMetadata);
    }

    private static OpenIdConnectOptions ProviderOptions(string environment, Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings)
        {
            ["Authentication:Oidc:Authority"] = "https://idp.ngo.test",
            ["Authentication:Oidc:ClientId"] = "campaign-console",
        });
        IdentityProvider.Add(builder.Services.AddAuthentication(), builder.Configuration);
        using var app = builder.Build();
        return app.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(ConsoleAuthentication.Provider);
    }
}
