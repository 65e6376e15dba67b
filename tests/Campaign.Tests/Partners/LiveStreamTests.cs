using System.Net;
using Campaign.Access;
using Campaign.Campaigns.Launching;
using Campaign.Tests.Support;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Xunit.Abstractions;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Partners;

/// <summary>The service on a database of its own, with a cap of three live streams per credential and quick heartbeats.</summary>
public sealed class LiveStreamFixture : IAsyncLifetime
{
    public const int Cap = 3;
    private DedicatedHost dedicated = null!;

    public Api Staff { get; private set; } = null!;
    public string Database => new NpgsqlConnectionStringBuilder(dedicated.ConnectionString).Database!;

    public async Task InitializeAsync()
    {
        dedicated = await DedicatedHost.Start("_live", new Dictionary<string, string>
        {
            ["Partners:MaxLiveStreamsPerCredential"] = Cap.ToString(),
            ["Partners:HeartbeatSeconds"] = "0.3",
            ["Confidentiality:MasterKey"] = AppFixture.MasterKey,
        });
        Staff = await dedicated.As(Role.Staff, "staff@live.test");
    }

    /// <summary>A new partner key.</summary>
    public Task<Api> Partner() => dedicated.As(Role.Partner, $"partner-{Guid.NewGuid():N}@live.test");

    /// <summary>The position of the last event, once the async daemon (and so the high-water mark) has caught up with it.</summary>
    public async Task<long> Now()
    {
        await dedicated.CaughtUp();
        return (await dedicated.PositionsAfter(0)).LastOrDefault();
    }

    public Task<List<long>> PositionsAfter(long position) => dedicated.PositionsAfter(position);

    public async Task DisposeAsync() => await dedicated.DisposeAsync();
}

public sealed class LiveStreamTests(LiveStreamFixture live, ITestOutputHelper output) : IClassFixture<LiveStreamFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Beyond_its_cap_a_credential_gets_429_problem_details_while_another_gets_in_and_a_closed_stream_frees_a_slot()
    {
        var partner = await live.Partner();
        var streams = new List<LiveStreamReader>();
        for (var i = 0; i < LiveStreamFixture.Cap; i++) streams.Add(await LiveStreamReader.Open(partner.Client()));
        await Eventually.Holds(() => streams.All(s => s.Connected), Patience, "the streams within the cap are open");

        await using (var refused = await LiveStreamReader.Open(partner.Client()))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.Response.StatusCode);
            Assert.Equal("application/problem+json", refused.Response.Content.Headers.ContentType!.MediaType);
            Assert.True(refused.Response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            var problem = System.Text.Json.JsonSerializer.Deserialize<ProblemDetails>(await refused.Response.Content.ReadAsStringAsync(), partner.Json)!;
            Assert.Equal(429, problem.Status);
            Assert.Contains(LiveStreamFixture.Cap.ToString(), problem.Detail);
        }

        await using var another = await LiveStreamReader.Open((await live.Partner()).Client());
        Assert.Equal(HttpStatusCode.OK, another.Response.StatusCode);

        await streams[0].DisposeAsync();
        await using var again = await OpenOnceASlotIsFree(partner);
        Assert.Equal(HttpStatusCode.OK, again.Response.StatusCode);

        foreach (var stream in streams.Skip(1)) await stream.DisposeAsync();
    }

    [Fact]
    public async Task Fifty_open_streams_cost_the_database_what_one_does_and_each_gets_every_new_event_in_order()
    {
        await CommandsWhileStreaming(1); // the first requests compile endpoints and check schemas: not what is measured
        var one = await CommandsWhileStreaming(1);
        var fifty = await CommandsWhileStreaming(50);
        output.WriteLine($"database commands: {one} with one stream open, {fifty} with fifty");

        // Polling per stream (5 reads a second each) would add hundreds of commands; one shared source adds none.
        Assert.True(fifty <= 2 * one + 30, $"{fifty} commands with 50 streams open, {one} with one");
    }

    [Fact]
    public async Task A_stream_resuming_from_an_old_position_while_eight_writers_append_gets_every_event_once_in_order()
    {
        var start = await live.Now();
        var defendants = new List<Guid>();
        for (var i = 0; i < 8; i++) defendants.Add((await live.Staff.ChargedDefendant()).Defendant);

        // Resumes 32 events back, reading them from the database in pages of 7 while new ones keep coming.
        await using var stream = await LiveStreamReader.Open((await live.Partner()).Client(), "limit=7", start.ToString());
        await Task.WhenAll(defendants.Select(async defendant =>
        {
            for (var i = 0; i < 10; i++) await live.Staff.Post($"/api/defendants/{defendant}/detentions", Detention());
        }));
        var expected = await live.PositionsAfter(start);
        await Eventually.Holds(() => stream.Ids.Count >= expected.Count, Patience, "the stream has caught up with the writers");

        Assert.Equal(expected, stream.Ids);
    }

    [Fact]
    public async Task Each_stream_following_the_shared_source_gets_what_its_filters_select_as_the_pull_feed_does()
    {
        var (first, second) = (await live.Staff.LaunchCampaign(), await live.Staff.LaunchCampaign());
        var start = await live.Now();
        var partner = await live.Partner();
        string[] queries = [$"campaign={first}", "type=org.campaign.charge-filed.v1", $"campaign={second}&type=org.campaign.detention-recorded.v1"];
        var streams = new List<LiveStreamReader>();
        foreach (var query in queries) streams.Add(await LiveStreamReader.Open(partner.Client(), $"after={start}&{query}"));
        // A heartbeat comes only once a stream follows the shared source, so what follows reaches it through the source.
        await Eventually.Holds(() => streams.All(s => s.Heartbeats > 0), Patience, "every stream follows the shared source");

        foreach (var campaign in new[] { first, second, first })
        {
            var defendant = await live.Staff.RegisterDefendant(campaign);
            await live.Staff.Post($"/api/defendants/{defendant}/detentions", Detention());
            await live.Staff.Post($"/api/defendants/{defendant}/charges", Charge());
        }
        await live.Now();

        foreach (var (query, stream) in queries.Zip(streams))
        {
            var pulled = (await partner.Get<FeedPage>($"/api/feed?after={start}&{query}")).Events.Select(e => long.Parse(e.GetProperty("sequence").GetString()!)).ToList();
            Assert.NotEmpty(pulled);
            await Eventually.Holds(() => stream.Ids.Count >= pulled.Count, Patience, $"the stream with {query} has its events");
            Assert.Equal(pulled, stream.Ids);
            await stream.DisposeAsync();
        }
    }

    private sealed record FeedPage(long Next, List<System.Text.Json.JsonElement> Events);

    /// <summary>
    /// Opens <paramref name="count"/> streams (three per partner key), writes three events, waits until every stream has
    /// them and has then been quiet for three heartbeats, and returns how many commands the database received meanwhile.
    /// </summary>
    private async Task<int> CommandsWhileStreaming(int count)
    {
        var start = await live.Now();

        var streams = new List<LiveStreamReader>();
        for (var i = 0; i < count; i += LiveStreamFixture.Cap)
        {
            var partner = await live.Partner();
            for (var j = i; j < Math.Min(count, i + LiveStreamFixture.Cap); j++)
                streams.Add(await LiveStreamReader.Open(partner.Client(), $"after={start}"));
        }
        await Eventually.Holds(() => streams.All(s => s.Connected), Patience, "every stream is open");

        int commands;
        using (var counted = new DatabaseCommands(live.Database))
        {
            var written = new List<long>();
            for (var i = 0; i < 3; i++)
                written.Add((await live.Staff.Post("/api/campaigns", new LaunchCampaign($"Live {i}", "Kazakhstan", null, null), 201)).Sequence);
            await Eventually.Holds(() => streams.All(s => s.Ids.Count >= written.Count), Patience, "every stream has every event");
            var heartbeats = streams.Select(s => s.Heartbeats).ToList();
            await Eventually.Holds(() => streams.Select((s, i) => s.Heartbeats - heartbeats[i]).Min() >= 3, Patience, "every stream is quiet");
            commands = counted.Count;

            Assert.All(streams, s => Assert.Equal(written, s.Ids));
        }
        Assert.Equal(await live.PositionsAfter(start), streams[0].Ids);
        foreach (var stream in streams) await stream.DisposeAsync();
        return commands;
    }

    /// <summary>Opens a stream, retrying while the server has not yet noticed that another of the key's streams closed.</summary>
    private static async Task<LiveStreamReader> OpenOnceASlotIsFree(Api partner)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var stream = await LiveStreamReader.Open(partner.Client());
            if (stream.Response.StatusCode != HttpStatusCode.TooManyRequests || DateTime.UtcNow > deadline) return stream;
            await stream.DisposeAsync();
            await Task.Delay(50);
        }
    }
}
