using Alba;
using Campaign.Campaigns.Reading;
using Campaign.Tests.Support;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Http;

[Collection(AppCollection.Name)]
public sealed class ReadingTests(AppFixture app)
{
    private readonly Api api = app.Api;

    [Fact]
    public async Task A_client_reads_its_own_write_from_the_campaign_view_by_its_sequence()
    {
        var campaign = await api.LaunchCampaign();
        var defendant = await api.RegisterDefendant(campaign, "Freshly registered");
        var written = await api.Post($"/api/defendants/{defendant}/detentions", Detention());

        var view = await api.Campaign(campaign, written.Sequence);

        Assert.True(view.Version >= written.Sequence);
        Assert.Equal("Freshly registered", Assert.Single(view.Defendants).DisplayName);
        Assert.NotNull(view.Defendants[0].Custody);
    }

    [Fact]
    public async Task Waiting_for_a_sequence_no_write_has_reached_is_a_bad_request()
    {
        var campaign = await api.LaunchCampaign();

        var problem = await api.Get<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>($"/api/campaigns/{campaign}?waitForSequence={long.MaxValue}", 400);

        Assert.Contains("waitForSequence", problem.Errors.Keys);
        Assert.DoesNotMatch("[0-9]", string.Join(" ", problem.Errors.SelectMany(e => e.Value).Append(problem.Detail))); // no count of the store's
    }

    [Fact]
    public async Task Campaigns_are_listed_with_their_defendant_count()
    {
        var name = $"Listed {Guid.NewGuid()}";
        var campaign = await api.LaunchCampaign(name);
        var defendant = await api.Post($"/api/campaigns/{campaign}/defendants", new { displayName = "A" }, 201);

        var listed = await api.Get<List<CampaignListItem>>($"/api/campaigns?waitForSequence={defendant.Sequence}");

        var item = Assert.Single(listed, c => c.Id == campaign);
        Assert.Equal((name, 1), (item.Name, item.DefendantCount));
    }

    [Fact]
    public async Task Every_event_carries_the_correlation_id_of_the_request_that_recorded_it()
    {
        var (_, defendant, _) = await api.ChargedDefendant();

        await api.Post($"/api/defendants/{defendant}/detentions", Detention(), 200, ("X-Correlation-ID", "call-from-field-office-42"));

        await using var session = app.Store.QuerySession();
        var recorded = (await session.Events.FetchStreamAsync(defendant))[^1];
        Assert.Equal("call-from-field-office-42", recorded.CorrelationId);
    }

    [Fact]
    public async Task The_api_is_described_by_openapi_and_browsable_at_docs()
    {
        var openApi = await app.Host.Scenario(s => s.Get.Url("/openapi/v1.json"));
        var document = await openApi.ReadAsTextAsync();
        foreach (var path in new[] { "/api/campaigns", "/api/defendants/{id}/charges/{chargeId}/escalations", "/api/streams/{streamId}/retractions" })
            Assert.Contains($"\"{path}\"", document);

        await app.Host.Scenario(s =>
        {
            s.Get.Url("/docs/");
            s.ContentTypeShouldBe("text/html");
        });
    }
}
