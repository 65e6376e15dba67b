using System.Text.Json;
using Campaign.Access;
using Campaign.Tests.Support;

namespace Campaign.Tests.Operations;

/// <summary>
/// Liveness answers while the process runs; readiness (also at /health) is Unhealthy while PostgreSQL is away and
/// Degraded while a consumer of the events is further behind than Health:MaxConsumerLag. No credential is needed.
/// </summary>
public sealed class HealthTests
{
    [Fact]
    public async Task Readiness_is_unhealthy_while_PostgreSQL_is_away_and_healthy_again_when_it_is_back()
    {
        await using var service = await DedicatedHost.Start("_health", new Dictionary<string, string> { ["Confidentiality:MasterKey"] = AppFixture.MasterKey });
        await Eventually.Holds(async () => (await Probe(service, "/health/ready")).Status == "Healthy", TimeSpan.FromSeconds(30), "ready before the outage");

        await using (await DatabaseOutage.Of(service.ConnectionString))
        {
            foreach (var readiness in new[] { "/health/ready", "/health" })
            {
                var ready = await Probe(service, readiness);
                Assert.Equal((503, "Unhealthy", "Unhealthy"), (ready.Code, ready.Status, ready.Check("postgresql")));
            }
            var live = await Probe(service, "/health/live");
            Assert.Equal((200, "Healthy"), (live.Code, live.Status));
        }

        await Eventually.Holds(async () => await Probe(service, "/health/ready") is { Code: 200, Status: "Healthy" },
            TimeSpan.FromSeconds(30), "ready once PostgreSQL is back");
        Assert.Equal("Healthy", (await Probe(service, "/health")).Check("postgresql"));
    }

    [Fact]
    public async Task Readiness_is_degraded_while_a_consumer_of_the_events_is_behind_by_more_than_the_threshold()
    {
        await using var service = await DedicatedHost.Start("_lag", new Dictionary<string, string>
        {
            ["Projections:Daemon"] = "Disabled", // no consumer moves on this node
            ["Health:MaxConsumerLag"] = "00:00:01",
        });
        var quiet = await Probe(service, "/health/ready");
        Assert.Equal((200, "Healthy", "Healthy"), (quiet.Code, quiet.Status, quiet.Check("consumer-lag")));

        await (await service.As(Role.Staff, "staff@lag.test")).LaunchCampaign();

        await Eventually.Holds(async () => (await Probe(service, "/health/ready")).Status == "Degraded", TimeSpan.FromSeconds(30), "degraded");
        var behind = await Probe(service, "/health/ready");
        Assert.Equal((200, "Degraded", "Healthy"), (behind.Code, behind.Check("consumer-lag"), behind.Check("postgresql")));
        var lag = behind.Entry("consumer-lag");
        foreach (var consumer in new[] { "CampaignView:All", "EventChain:All", "PublicEvents:All", "webhooks:All" })
        {
            Assert.Contains(consumer, lag.GetProperty("description").GetString());
            Assert.True(lag.GetProperty("data").GetProperty(consumer).GetDouble() > 1, consumer);
        }
    }

    private sealed record Report(int Code, JsonElement Body)
    {
        public string? Status => Body.GetProperty("status").GetString();
        public JsonElement Entry(string name) => Body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        public string? Check(string name) => Entry(name).GetProperty("status").GetString();
    }

    /// <summary>Asks without any credential, as a load balancer or an orchestrator does.</summary>
    private static async Task<Report> Probe(DedicatedHost service, string path)
    {
        using var client = service.Host.Server.CreateClient();
        using var response = await client.GetAsync(path);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return new((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}
