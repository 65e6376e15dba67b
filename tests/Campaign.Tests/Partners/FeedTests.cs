using System.Net.Http.Headers;
using System.Text.Json;
using Campaign.Defendants;
using Campaign.Tests.Support;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Partners;

[Collection(PartnerCollection.Name)]
public sealed class FeedTests(PartnerFixture partners)
{
    private sealed record Page(long Next, List<JsonElement> Events);

    private static long SequenceOf(JsonElement cloudEvent) => long.Parse(cloudEvent.GetProperty("sequence").GetString()!);

    private Task<Page> Read(string query) => partners.Partner.Get<Page>($"/api/feed?{query}");

    private async Task<long> Now()
    {
        await partners.ViewsCaughtUp();
        return (await partners.PositionsAfter(0)).LastOrDefault();
    }

    [Fact]
    public async Task Paging_while_eight_writers_append_yields_every_event_once_in_order()
    {
        var start = await Now();
        var defendants = new List<Guid>();
        for (var i = 0; i < 8; i++) defendants.Add((await partners.Staff.ChargedDefendant()).Defendant);

        var writers = defendants.Select(async defendant =>
        {
            for (var i = 0; i < 15; i++) await partners.Staff.Post($"/api/defendants/{defendant}/detentions", Detention());
        }).ToList();
        var read = new List<long>();
        var after = start;
        while (writers.Any(w => !w.IsCompleted) || after < await Now())
        {
            var page = await Read($"after={after}&limit=7");
            read.AddRange(page.Events.Select(SequenceOf));
            Assert.True(page.Next >= after);
            after = page.Next;
        }
        await Task.WhenAll(writers);

        Assert.Equal(read.Order().Distinct(), read);
        Assert.Equal(await partners.PositionsAfter(start), read);
    }

    [Fact]
    public async Task Filters_by_type_and_by_campaign()
    {
        var start = await Now();
        var (campaign, defendant, _) = await partners.Staff.ChargedDefendant();
        await partners.Staff.ChargedDefendant(); // another campaign
        await Now();

        var charges = await Read($"after={start}&type=org.campaign.charge-filed.v1");
        var ofCampaign = await Read($"after={start}&campaign={campaign}");

        Assert.Equal(2, charges.Events.Count);
        Assert.All(charges.Events, e => Assert.Equal("org.campaign.charge-filed.v1", e.GetProperty("type").GetString()));
        Assert.Equal(["campaigns/" + campaign, "defendants/" + defendant, "defendants/" + defendant, "defendants/" + defendant],
            ofCampaign.Events.Select(e => e.GetProperty("subject").GetString()));
        Assert.Equal(await Now(), ofCampaign.Next);
    }

    [Fact]
    public async Task Events_are_cloudevents_with_the_development_day_and_the_public_contract()
    {
        var start = await Now();
        var (_, defendant, _) = await partners.Staff.ChargedDefendant();
        await Now();

        var detention = (await Read($"after={start}&type=org.campaign.detention-recorded.v1")).Events.Single();

        Assert.Equal("1.0", detention.GetProperty("specversion").GetString());
        Assert.Equal($"defendants/{defendant}", detention.GetProperty("subject").GetString());
        Assert.Equal("2025-11-13", detention.GetProperty("occurredon").GetString());
        Assert.Equal("Almaty region", detention.GetProperty("data").GetProperty("place").GetString());
        Assert.Equal("PoliceCustody", detention.GetProperty("data").GetProperty("custody").GetString());
        Assert.Equal(19, detention.GetProperty("sequence").GetString()!.Length);
    }

    [Fact]
    public async Task The_batch_format_carries_the_next_position_in_headers()
    {
        var start = await Now();
        await partners.Staff.ChargedDefendant();
        await Now();

        using var client = partners.Partner.Client();
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/cloudevents-batch+json"));
        using var response = await client.GetAsync($"/api/feed?after={start}&limit=2");

        Assert.Equal("application/cloudevents-batch+json", response.Content.Headers.ContentType!.MediaType);
        var batch = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(2, batch.GetArrayLength());
        var next = response.Headers.GetValues("Feed-Next").Single();
        Assert.Equal(SequenceOf(batch[1]).ToString(), next);
        Assert.Contains($"after={next}", response.Headers.GetValues("Link").Single());
    }

    [Fact]
    public async Task A_bad_query_is_a_problem_naming_the_parameter()
    {
        Assert.Contains("limit", (await partners.Partner.Get<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>("/api/feed?limit=0", 400)).Errors.Keys);
        Assert.Contains("type", (await partners.Partner.Get<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>("/api/feed?type=nope", 400)).Errors.Keys);
        Assert.Contains("campaign", (await partners.Partner.Get<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>("/api/feed?campaign=x", 400)).Errors.Keys);
    }

    [Fact]
    public async Task The_live_stream_resumes_after_the_last_event_id_without_gap_or_repeat()
    {
        var start = await Now();
        var (_, defendant, _) = await partners.Staff.ChargedDefendant();
        var firstPart = await Now();

        var seen = await ReadLive($"after={start}", null, firstPart);
        for (var i = 0; i < 3; i++) await partners.Staff.Post($"/api/defendants/{defendant}/detentions", Detention());
        var end = await Now();
        var resumed = await ReadLive("", seen[^1].ToString(), end);

        Assert.Equal(await partners.PositionsAfter(start), seen.Concat(resumed));
    }

    [Fact]
    public async Task The_live_stream_sends_heartbeats_when_quiet()
    {
        using var client = partners.Partner.Client();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await client.GetAsync("/api/feed/live", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        string? line;
        while ((line = await reader.ReadLineAsync(cancel.Token)) != ": heartbeat") Assert.NotNull(line);
    }

    /// <summary>Reads the live stream until the event at <paramref name="until"/> has come, and returns the ids seen.</summary>
    private async Task<List<long>> ReadLive(string query, string? lastEventId, long until)
    {
        using var client = partners.Partner.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/feed/live?{query}");
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));

        var ids = new List<long>();
        while (ids.LastOrDefault() < until && await reader.ReadLineAsync(cancel.Token) is { } line)
            if (line.StartsWith("id: ")) ids.Add(long.Parse(line[4..]));
        return ids;
    }
}
