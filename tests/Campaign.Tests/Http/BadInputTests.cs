using Alba;
using System.Text.RegularExpressions;
using Campaign.Defendants.EscalatingCharges;
using Campaign.Defendants.Releasing;
using Campaign.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Http;

/// <summary>Whatever a client sends, the answer is a problem naming what is wrong, and nothing is written.</summary>
[Collection(AppCollection.Name)]
public sealed class BadInputTests(AppFixture app)
{
    private readonly Api api = app.Api;

    private async Task<(Guid Defendant, int Events)> Defendant()
    {
        var (_, defendant, _) = await api.ChargedDefendant();
        return (defendant, await app.EventCount(defendant));
    }

    [Fact]
    public async Task Invalid_fields_are_each_named_and_nothing_is_appended()
    {
        var (defendant, events) = await Defendant();

        var problem = await api.Reject($"/api/defendants/{defendant}/detentions",
            """{"occurredOn":"2099-01-01","place":"","source":{"url":"ftp://x"}}""");

        Assert.Equal(400, problem.Status);
        Assert.Equal(["occurredOn", "place", "source.publishedOn", "source.publisher", "source.url"], problem.Errors.Keys.Order());
        Assert.Equal(events, await app.EventCount(defendant));
    }

    [Theory]
    [InlineData("""{"occurredOn":"2025-11-13","place":"x","source":""", "source")]
    [InlineData("""{"occurredOn":"2025-11-13",,}""", "body")]
    [InlineData("""{"occurredOn":"13/11/2025","place":"x"}""", "occurredOn")]
    [InlineData("""{"occurredOn":"2025-11-13","place":"x","custody":"Vacation"}""", "custody")]
    [InlineData("""{"occurredOn":"2025-11-13","place":"x","custody":2}""", "custody")]
    [InlineData("""{"occurredOn":"2025-11-13","place":["x"]}""", "place")]
    [InlineData("""{"occurredOn":"2025-11-13","place":"x","source":{"publishedOn":"soon"}}""", "source.publishedOn")]
    [InlineData("""{"occuredOn":"2025-11-13"}""", "occuredOn")]
    [InlineData("null", "body")]
    [InlineData("", "body")]
    [InlineData("[]", "body")]
    public async Task Malformed_or_mistyped_json_is_a_problem_naming_the_field(string json, string field)
    {
        var (defendant, events) = await Defendant();

        var problem = await api.Reject($"/api/defendants/{defendant}/detentions", json);

        Assert.Contains(field, problem.Errors.Keys);
        Assert.Equal(events, await app.EventCount(defendant));
    }

    [Fact]
    public async Task Every_command_endpoint_validates_its_body()
    {
        var commandRoutes = app.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Wolverine.Http.HttpChain>()?.HasRequestType == true)
            .Select(e => e.RoutePattern.RawText!)
            .ToList();
        Assert.True(commandRoutes.Count >= 16, string.Join(", ", commandRoutes));

        foreach (var route in commandRoutes)
        {
            var url = Regex.Replace(route, "{[^}]+}", Guid.NewGuid().ToString());
            var problem = await app.Admin.Reject(url, "{}");
            Assert.NotEmpty(problem.Errors);
        }
    }

    [Fact]
    public async Task A_body_is_parsed_once_by_the_check_that_names_bad_fields_and_the_endpoint_takes_what_it_parsed()
    {
        var (defendant, _) = await Defendant();
        await api.Post($"/api/defendants/{defendant}/detentions", Detention());

        var chain = app.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Single(e => e.RoutePattern.RawText == "/api/defendants/{id}/detentions").Metadata.GetMetadata<Wolverine.Http.HttpChain>()!;
        Assert.Contains("ParsedBody.Take<", chain.SourceCode);
        Assert.DoesNotContain("ReadJsonAsync", chain.SourceCode);
    }

    [Fact]
    public async Task A_bulk_development_without_defendants_is_a_problem_not_a_crash()
    {
        var campaign = await api.LaunchCampaign();

        var problem = await api.Reject($"/api/campaigns/{campaign}/developments",
            $$"""{"defendantIds":null,"detention":{{api.Serialize(Detention())}}}""");

        Assert.Equal(["defendantIds"], problem.Errors.Keys);
    }

    [Theory]
    [InlineData("If-Match", "\"latest\"")]
    [InlineData("Idempotency-Key", "")]
    public async Task An_unusable_header_is_a_problem_naming_it(string header, string value)
    {
        var (defendant, events) = await Defendant();
        value = value.Length == 0 ? new string('k', 201) : value;

        var problem = await api.Reject($"/api/defendants/{defendant}/detentions", Detention(), 400, (header, value));

        Assert.Equal([header], problem.Errors.Keys);
        Assert.Equal(events, await app.EventCount(defendant));
    }

    [Fact]
    public async Task An_unparseable_query_value_is_a_bad_request()
    {
        var campaign = await api.LaunchCampaign();

        await api.Get<object>($"/api/campaigns/{campaign}?waitForSequence=soon", 400);
    }

    [Fact]
    public async Task Unknown_ids_are_not_found()
    {
        var (campaign, defendant, _) = await api.ChargedDefendant();
        var unknown = Guid.NewGuid();
        var admin = app.Admin;

        await admin.Reject($"/api/defendants/{unknown}/detentions", Detention(), 404);
        await admin.Reject($"/api/campaigns/{unknown}/defendants", new { displayName = "X" }, 404);
        await admin.Reject($"/api/campaigns/{defendant}/statements",
            new { occurredOn = Jan22, organisation = "Amnesty International", quote = "Release them", source = Report }, 404);
        await admin.Reject($"/api/streams/{unknown}/retractions", new { eventId = Guid.NewGuid(), reason = "typo" }, 404);
        await admin.Get<object>($"/api/defendants/{unknown}", 404);
        await admin.Get<object>($"/api/campaigns/{unknown}", 404);
        await admin.Get<object>("/api/defendants/not-a-guid", 404);
        Assert.Equal(1 + 3, await app.EventCount(campaign, defendant));
    }

    [Fact]
    public async Task Escalating_a_charge_the_defendant_does_not_face_is_a_bad_request_naming_the_charge()
    {
        var (defendant, events) = await Defendant();

        var problem = await api.Reject($"/api/defendants/{defendant}/charges/{Guid.NewGuid()}/escalations",
            new EscalateCharge(Jan22, Article174, "Diplomatic note", Report));

        Assert.Contains("chargeId", problem.Errors.Keys);
        Assert.Equal(events, await app.EventCount(defendant));
    }

    [Fact]
    public async Task Escalating_a_charge_twice_conflicts()
    {
        var (_, defendant, charge) = await api.ChargedDefendant();
        var escalation = new EscalateCharge(Jan22, Article174, "Diplomatic note", Report);
        await api.Post($"/api/defendants/{defendant}/charges/{charge}/escalations", escalation);

        var problem = await api.Reject($"/api/defendants/{defendant}/charges/{charge}/escalations", escalation, 409);

        Assert.Contains("no longer pending", problem.Detail);
    }

    [Fact]
    public async Task A_verdict_with_no_pending_charge_conflicts()
    {
        var campaign = await api.LaunchCampaign();
        var defendant = await api.RegisterDefendant(campaign);

        await api.Reject($"/api/defendants/{defendant}/verdicts", new { occurredOn = Jan22, outcome = "Convicted", source = Report }, 409);
        Assert.Equal(1, await app.EventCount(defendant));
    }

    [Fact]
    public async Task Releasing_someone_never_detained_conflicts()
    {
        var campaign = await api.LaunchCampaign();
        var defendant = await api.RegisterDefendant(campaign);

        await api.Reject($"/api/defendants/{defendant}/release", new Release(Jan22, null, Report), 409);
    }

    [Theory]
    [InlineData("/detentions", """{"occurredOn":"2025-11-13","place":"Alma\u0000ty","source":{"url":null,"publisher":"x","publishedOn":"2026-01-22"}}""", "place")]
    [InlineData("/detentions", """{"occurredOn":"2025-11-13","place":"x","source":{"url":null,"publisher":"Wire\ud800","publishedOn":"2026-01-22"}}""", "source.publisher")]
    [InlineData("/detentions", """{"occurredOn":"2025-11-13","place":"x","source":{"url":null,"publisher":"x\udc00\ud800","publishedOn":"2026-01-22"}}""", "source.publisher")]
    [InlineData("/detentions", """{"occurredOn":"2025-11-13","place":"x","sour\u0000ce":{}}""", "body")]
    [InlineData("/verdicts", """{"occurredOn":"2025-11-13","outcome":"Convicted","sentence":null,"court":null,"chargeIds":["\u0000"],"source":null}""", "chargeIds[0]")]
    public async Task Text_postgresql_cannot_store_is_a_problem_naming_the_field(string route, string json, string field)
    {
        var (defendant, events) = await Defendant();

        var problem = await api.Reject($"/api/defendants/{defendant}{route}", json);

        Assert.Equal([field], problem.Errors.Keys);
        Assert.Contains("cannot be stored", problem.Errors[field].Single());
        Assert.Equal(events, await app.EventCount(defendant));
    }

    [Fact]
    public async Task Nul_in_a_display_name_a_member_or_a_key_owner_is_a_problem_not_a_crash()
    {
        var campaign = await api.LaunchCampaign();

        Assert.Equal(["displayName"], (await api.Reject($"/api/campaigns/{campaign}/defendants", """{"displayName":"A\u0000"}""")).Errors.Keys);
        Assert.Equal(["member"], (await app.Admin.Reject($"/api/campaigns/{campaign}/members", """{"member":"a\u0000@ngo.test"}""")).Errors.Keys);
        Assert.Equal(["owner"], (await app.Admin.Reject("/api/keys", """{"owner":"a\u0000@ngo.test","role":"Staff"}""")).Errors.Keys);
        Assert.Equal(1, await app.EventCount(campaign));
    }

    [Theory]
    [InlineData("GET", "/api/audit/events?recordedBy=staff%00@test", "recordedBy")]
    [InlineData("GET", "/api/audit/events?type=Detention%00Recorded", "type")]
    [InlineData("GET", "/api/defendants/{defendant}?asOf=2026-01-22%00", "asOf")]
    [InlineData("DELETE", "/api/campaigns/{campaign}/members/someone{nul}@test", "member")]
    public async Task Text_postgresql_cannot_store_in_a_query_or_route_value_is_a_problem_naming_it(string method, string url, string name)
    {
        var (campaign, defendant, _) = await api.ChargedDefendant();
        url = url.Replace("{campaign}", campaign.ToString()).Replace("{defendant}", defendant.ToString()).Replace("{nul}", "\0");

        var answer = await app.Host.Scenario(s =>
        {
            if (method == "GET") s.Get.Url(url);
            else s.Delete.Url(url);
            app.Admin.Authenticate(s);
            s.StatusCodeShouldBe(400);
        });

        Assert.Contains(name, (await Json(answer)).GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task A_body_of_the_wrong_content_type_is_unsupported_for_whoever_may_write_and_unauthorized_for_anyone_else()
    {
        var campaign = await api.LaunchCampaign();

        await PostText(api, $"/api/campaigns/{campaign}/defendants", 415);
        await PostText(app.Admin, "/api/campaigns", 415);
        await PostText(api.As(null), $"/api/campaigns/{campaign}/defendants", 401);
        Assert.Equal(1, await app.EventCount(campaign));
    }

    [Fact]
    public async Task A_path_or_method_no_endpoint_takes_is_answered_by_its_status_for_anyone_authenticated()
    {
        await api.Get<object>("/api/nothing-here", 404);
        await api.Delete("/api/campaigns", 405);
        await api.As(null).Get<object>("/api/nothing-here", 401);
    }

    [Fact]
    public async Task An_id_that_cannot_name_anything_is_not_found_for_staff_and_unauthorized_without_a_key()
    {
        var (_, defendant, _) = await api.ChargedDefendant();

        await api.Get<object>("/api/defendants/not-a-guid", 404);
        await api.Get<object>($"/api/defendants/{Guid.Empty}", 404);
        await api.Reject($"/api/defendants/{Guid.Empty}/detentions", Detention(), 404);
        await app.Admin.Reject($"/api/defendants/{Guid.Empty}/detentions", Detention(), 404); // Marten refuses an empty stream id
        await api.Reject($"/api/defendants/{defendant}/charges/not-a-guid/escalations", new EscalateCharge(Jan22, Article174, "Diplomatic note", Report), 404);
        await api.As(null).Get<object>("/api/defendants/not-a-guid", 401);
    }

    [Theory]
    [InlineData("X-Correlation-ID", 32 * 1024, 'c')]
    [InlineData("X-Correlation-ID", 10, 1)]
    [InlineData("traceparent", 200, 'f')]
    public async Task A_correlation_id_too_long_or_unprintable_is_a_problem_naming_the_header(string header, int length, int character)
    {
        var (defendant, events) = await Defendant();

        var problem = await api.Reject($"/api/defendants/{defendant}/detentions", Detention(), 400, (header, new string((char)character, length)));

        Assert.Equal([header], problem.Errors.Keys);
        Assert.Equal(events, await app.EventCount(defendant));
    }

    [Fact]
    public async Task A_correlation_id_of_the_longest_allowed_length_is_recorded_as_sent()
    {
        var (defendant, _) = await Defendant();
        var correlation = string.Concat(Enumerable.Repeat("field-office-42/", 8));

        await api.Post($"/api/defendants/{defendant}/detentions", Detention(), 200, ("X-Correlation-ID", correlation));

        await using var session = app.Store.QuerySession();
        Assert.Equal((128, correlation), (correlation.Length, (await session.Events.FetchStreamAsync(defendant))[^1].CorrelationId));
    }

    [Theory]
    [InlineData("application/xml")]
    [InlineData("text/event-stream")]
    public async Task A_client_that_accepts_no_json_is_still_told_its_error_in_problem_details(string accept)
    {
        var answer = await app.Host.Scenario(s =>
        {
            s.Get.Url($"/api/defendants/{Guid.NewGuid()}");
            s.WithRequestHeader("Accept", accept);
            app.Admin.Authenticate(s);
            s.StatusCodeShouldBe(404);
            s.ContentTypeShouldBe("application/problem+json");
        });

        Assert.Equal(404, (await Json(answer)).GetProperty("status").GetInt32());
    }

    private async Task PostText(Api caller, string url, int status) =>
        await app.Host.Scenario(s =>
        {
            s.Post.Text("""{"displayName":"Plain text"}""").ToUrl(url);
            s.WithRequestHeader("Content-Type", "text/plain");
            caller.Authenticate(s);
            s.StatusCodeShouldBe(status);
            s.ContentTypeShouldBe("application/problem+json");
        });

    private static async Task<System.Text.Json.JsonElement> Json(Alba.IScenarioResult answer) =>
        System.Text.Json.JsonDocument.Parse(await answer.ReadAsTextAsync()).RootElement;

    [Fact]
    public async Task Errors_reveal_nothing_of_the_server()
    {
        var (defendant, _) = await Defendant();

        var result = await app.Host.Scenario(s =>
        {
            s.Post.Text("""{"occurredOn":"2025-11-13","place":{"$type":"System.IO.File"}}""").ToUrl($"/api/defendants/{defendant}/detentions");
            s.WithRequestHeader("Content-Type", "application/json");
            api.Authenticate(s);
            s.StatusCodeShouldBe(400);
        });

        var body = await result.ReadAsTextAsync();
        Assert.DoesNotContain("System.", body);
        Assert.DoesNotContain("Campaign.", body);
        Assert.DoesNotContain(" at ", body);
    }
}
