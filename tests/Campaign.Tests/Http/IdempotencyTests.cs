using Campaign.Campaigns.Launching;
using Campaign.Infrastructure.Writing;
using Campaign.Tests.Support;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Http;

[Collection(AppCollection.Name)]
public sealed class IdempotencyTests(AppFixture app)
{
    private readonly Api api = app.Api;

    private static (string, string) Key(string key) => (Idempotency.HttpHeader, key);

    [Fact]
    public async Task A_retry_with_the_same_key_returns_the_first_answer_and_appends_nothing()
    {
        var (_, defendant, _) = await api.ChargedDefendant();
        var key = Key(Guid.NewGuid().ToString());

        var first = await api.Post($"/api/defendants/{defendant}/detentions", Detention(), 200, key);
        var events = await app.EventCount(defendant);
        var retry = await api.Post($"/api/defendants/{defendant}/detentions", Detention(), 200, key);

        Assert.Equal(first, retry);
        Assert.Equal(events, await app.EventCount(defendant));
    }

    [Fact]
    public async Task Concurrent_retries_with_the_same_key_append_once_and_get_the_same_answer()
    {
        var (_, defendant, _) = await api.ChargedDefendant();
        var events = await app.EventCount(defendant);
        var key = Key(Guid.NewGuid().ToString());

        var answers = await Task.WhenAll(Enumerable.Range(0, 4)
            .Select(_ => api.Post($"/api/defendants/{defendant}/detentions", Detention(), 200, key)));

        Assert.Single(answers.Distinct());
        Assert.Equal(events + 1, await app.EventCount(defendant));
    }

    [Fact]
    public async Task A_retried_creation_answers_201_with_the_same_stream_and_starts_no_other()
    {
        var key = Key(Guid.NewGuid().ToString());
        var name = $"Campaign {Guid.NewGuid()}";

        var first = await api.Post("/api/campaigns", new LaunchCampaign(name, "Kazakhstan", null, null), 201, key);
        var retry = await api.Post("/api/campaigns", new LaunchCampaign(name, "Kazakhstan", null, null), 201, key);

        Assert.Equal(first, retry);
        var campaigns = await api.Get<List<Campaign.Campaigns.Reading.CampaignListItem>>($"/api/campaigns?waitForSequence={retry.Sequence}");
        Assert.Single(campaigns, c => c.Name == name);
    }

    [Fact]
    public async Task A_key_reused_for_another_request_is_refused_and_appends_nothing()
    {
        var (_, defendant, _) = await api.ChargedDefendant();
        var key = Key(Guid.NewGuid().ToString());
        await api.Post($"/api/defendants/{defendant}/detentions", Detention(), 200, key);
        var events = await app.EventCount(defendant);

        await api.Reject($"/api/defendants/{defendant}/detentions", Detention(Jan22), 422, key);

        Assert.Equal(events, await app.EventCount(defendant));
    }

    [Fact]
    public async Task A_rejected_request_is_not_remembered_so_its_corrected_retry_goes_through()
    {
        var (_, defendant, _) = await api.ChargedDefendant();
        var key = Key(Guid.NewGuid().ToString());

        await api.Reject($"/api/defendants/{defendant}/detentions", Detention() with { Place = "" }, 400, key);
        await api.Reject($"/api/defendants/{defendant}/custody", Custody(Campaign.Defendants.CustodyStatus.HouseArrest), 409,
            key, ("If-Match", "\"1\""));
        var written = await api.Post($"/api/defendants/{defendant}/custody", Custody(Campaign.Defendants.CustodyStatus.HouseArrest), 200, key);

        Assert.Equal(4, written.Version);
    }
}
