using System.Net;
using System.Text;
using System.Text.Json;
using Campaign.Access;
using Campaign.Defendants;
using Campaign.Infrastructure.Writing;
using Campaign.Tests.Support;
using Marten;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Http;

/// <summary>
/// While PostgreSQL turns the service away, clients are told to come back (503 with Retry-After), not that the server
/// failed; a write retried with the same Idempotency-Key once the database is back appends once.
/// </summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private DedicatedHost dedicated = null!;
    private Api staff = null!;

    public async Task InitializeAsync()
    {
        dedicated = await DedicatedHost.Start("_unavailable", new Dictionary<string, string> { ["Confidentiality:MasterKey"] = AppFixture.MasterKey });
        staff = await dedicated.As(Role.Staff, "staff@outage.test");
    }

    public async Task DisposeAsync() => await dedicated.DisposeAsync();

    [Fact]
    public async Task Requests_during_an_outage_are_answered_503_and_a_write_retried_after_it_appends_once()
    {
        var (campaign, defendant, _) = await staff.ChargedDefendant();
        var before = await EventCount(defendant);
        using var client = staff.Client();
        Task<HttpResponseMessage> Write() => client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/defendants/{defendant}/custody")
        {
            Content = new StringContent(staff.Serialize(Custody(CustodyStatus.HouseArrest)), Encoding.UTF8, "application/json"),
            Headers = { { "Idempotency-Key", "custody-during-outage" } },
        });

        await using (await DatabaseOutage.Of(dedicated.ConnectionString))
        {
            await AssertUnavailable(await Write());
            await AssertUnavailable(await client.GetAsync($"/api/defendants/{defendant}"));
            await AssertUnavailable(await client.GetAsync($"/api/campaigns/{campaign}"));
        }

        // As a client does once told to come back: again, with the same key, until it is no longer turned away.
        HttpResponseMessage first = null!;
        await Eventually.Holds(async () => (first = await Write()).StatusCode != HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromSeconds(30), "the write answered otherwise than 503 once the database is back");
        var again = await Write();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        var written = JsonSerializer.Deserialize<WriteResult>(await first.Content.ReadAsStringAsync(), staff.Json)!;
        Assert.Equal(written, JsonSerializer.Deserialize<WriteResult>(await again.Content.ReadAsStringAsync(), staff.Json));
        Assert.Equal((defendant, before + 1L), (written.Id, written.Version));
        Assert.Equal(before + 1, await EventCount(defendant));
    }

    private static async Task AssertUnavailable(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {body}");
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After names a delay");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Contains("database", problem.GetProperty("title").GetString());
    }

    private async Task<int> EventCount(Guid stream)
    {
        await using var session = dedicated.Store.QuerySession();
        return await session.Events.QueryAllRawEvents().Where(e => e.StreamId == stream).CountAsync();
    }
}
