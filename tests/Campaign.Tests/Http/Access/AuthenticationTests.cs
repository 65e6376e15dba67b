using Alba;
using Campaign.Access;
using Campaign.Access.Keys;
using Campaign.Access.Keys.CreatingKeys;
using Campaign.Access.Keys.ListingKeys;
using Campaign.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Http.Access;

[Collection(AppCollection.Name)]
public sealed class AuthenticationTests(AppFixture app)
{
    [Fact]
    public async Task Without_a_key_the_answer_is_401_problem_details_asking_for_a_bearer_token()
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/campaigns");
            s.StatusCodeShouldBe(401);
            s.ContentTypeShouldBe("application/problem+json");
        });

        Assert.Equal("Bearer", result.Context.Response.Headers.WWWAuthenticate.ToString());
    }

    [Fact]
    public async Task A_key_is_accepted_as_a_bearer_token_or_in_x_api_key()
    {
        await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/campaigns");
            s.WithRequestHeader("X-Api-Key", app.Api.Key!);
            s.StatusCodeShouldBeOk();
        });
    }

    [Fact]
    public async Task A_created_key_is_shown_once_works_at_once_and_stops_working_once_revoked()
    {
        var issued = await app.Admin.Post<IssuedKey>("/api/keys", new CreateKey("carol@ngo.test", Role.Auditor, "Board audit", null), 201);
        var carol = app.Admin.As(issued.Key);
        await carol.Get<object>("/api/campaigns");

        var listed = Assert.Single(await app.Admin.Get<List<KeySummary>>("/api/keys"), k => k.Id == issued.Id);
        Assert.Equal(("carol@ngo.test", Role.Auditor, "admin@test"), (listed.Owner, listed.Role, listed.CreatedBy));
        await using (var session = app.Store.QuerySession())
        {
            var stored = await session.LoadAsync<ApiKey>(issued.Id);
            var secret = issued.Key[("cmp_".Length + issued.Id.Length + 1)..];
            Assert.DoesNotContain(secret, System.Text.Json.JsonSerializer.Serialize(stored));
        }

        await app.Admin.Delete($"/api/keys/{issued.Id}");
        await carol.Get<object>("/api/campaigns", 401);
    }

    [Fact]
    public async Task A_key_past_its_expiry_is_refused()
    {
        var expiring = await app.Host.Services.GetRequiredService<KeyIssuer>()
            .Issue("dave@ngo.test", Role.Staff, null, DateTimeOffset.UtcNow.AddSeconds(-1), "test");

        await app.Admin.As(expiring.Key).Get<object>("/api/campaigns", 401);
    }

    [Fact]
    public async Task A_key_cannot_be_created_to_expire_in_the_past_or_without_a_role()
    {
        var problem = await app.Admin.Reject("/api/keys", """{"owner":"eve@ngo.test","expiresAt":"2020-01-01T00:00:00Z"}""");

        Assert.Equal(["expiresAt", "role"], problem.Errors.Keys.Order());
    }

    [Fact]
    public async Task Events_are_attributed_to_the_keys_owner_with_the_key_used()
    {
        var (_, defendant, _) = await app.Api.ChargedDefendant();

        await using var session = app.Store.QuerySession();
        var recorded = (await session.Events.FetchStreamAsync(defendant))[^1];
        Assert.Equal("staff@test", recorded.UserName);
        Assert.NotNull(recorded.GetHeader("credential"));
    }

    [Fact]
    public async Task A_request_body_cannot_claim_who_recorded_it()
    {
        var (_, defendant, _) = await app.Api.ChargedDefendant();

        var problem = await app.Api.Reject($"/api/defendants/{defendant}/detentions",
            app.Api.Serialize(Detention()).TrimEnd('}') + ""","recordedBy":"mallory"}""");

        Assert.Contains("recordedBy", problem.Errors.Keys);
    }
}
