using Alba;
using Campaign.Tests.Support;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;

namespace Campaign.Tests.Operations;

/// <summary>A bad setting stops the start with a message naming it, instead of failing requests later (or never being noticed).</summary>
public sealed class SettingsTests
{
    [Theory]
    [InlineData("Limits:RequestsPerMinute", "-5")]
    [InlineData("Limits:UnauthenticatedRequestsPerMinute", "0")]
    [InlineData("Limits:MaxRequestBodyBytes", "0")]
    [InlineData("Limits:UnknownKeysRemembered", "many")]
    [InlineData("Webhooks:Timeout", "banana")]
    [InlineData("Webhooks:Timeout", "00:00:00")]
    [InlineData("Webhooks:AllowPrivateAddresses", "yes please")]
    [InlineData("Webhooks:Proxy", "proxy without a scheme")]
    [InlineData("Webhooks:RetryBaseDelay", "02:00:00")] // longer than RetryMaxDelay
    [InlineData("Partners:LiveBufferEvents", "0")]
    [InlineData("Partners:HeartbeatSeconds", "0")]
    [InlineData("Database:StatementTimeout", "-00:00:01")]
    [InlineData("Database:IdleInTransactionTimeout", "ten seconds")]
    [InlineData("Confidentiality:MasterKey", "c2hvcnQ=")] // "short"
    [InlineData("Audit:SigningKey", "not base64!")]
    [InlineData("Audit:CheckpointEvery", "0")]
    [InlineData("Projections:Daemon", "Sometimes")]
    [InlineData("Projections:StaleSequenceThreshold", "00:00:00")]
    [InlineData("Retention:IdempotencyKeys", "-1.00:00:00")]
    [InlineData("Network:KnownProxies", "proxy.example")]
    [InlineData("Network:KnownNetworks", "10.0.0.0/33")]
    [InlineData("Authentication:Jwt:Authority", "idp.example")]
    [InlineData("Authentication:Oidc:Authority", "https://idp.example", "Authentication:Oidc:ClientId")]
    [InlineData("Health:MaxConsumerLag", "00:00:00")]
    [InlineData("Health:Timeout", "00:10:00")]
    public async Task A_bad_setting_stops_the_start_with_a_message_naming_it(string setting, string value, string? named = null)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => Start(setting, value));

        var message = string.Join(" | ", Chain(error).Select(e => e.Message));
        Assert.Contains(named ?? setting, message);
        if (setting.EndsWith("Key")) Assert.DoesNotContain(value, message); // a secret is never echoed
    }

    [Fact]
    public async Task A_setting_out_of_range_is_named_also_as_its_environment_variable()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => Start("Limits:RequestsPerMinute", "-5"));

        Assert.Contains("Limits:RequestsPerMinute (Limits__RequestsPerMinute) must be above zero", Chain(error).Select(e => e.Message).First(m => m.Contains("Limits")));
    }

    /// <summary>Starts the service with one setting, on a database that is never created: a start that got as far would fail anyway.</summary>
    private static async Task Start(string setting, string value)
    {
        JasperFxEnvironment.AutoStartHost = true;
        await using var host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:Marten", DedicatedHost.ConnectionStringFor("_never_created"));
            builder.UseSetting(setting, value);
        });
    }

    private static IEnumerable<Exception> Chain(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
        {
            yield return error;
            if (error is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain)) yield return inner;
        }
    }
}
