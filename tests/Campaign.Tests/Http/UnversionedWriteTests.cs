using System.Net;
using System.Text;
using System.Text.Json;
using Campaign.Auditing.History;
using Campaign.Campaigns.IssuingStatements;
using Campaign.Campaigns.RecordingDevelopments;
using Campaign.Defendants;
using Campaign.Defendants.ChangingCustody;
using Campaign.Developments;
using Campaign.Infrastructure.Writing;
using Campaign.Retracting;
using Campaign.Tests.Support;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Http;

/// <summary>
/// Writers who name no expected version never see a conflict they did not ask about: the server decides again on the
/// stream's new state. A 409 means a stale expected version, or a request that contradicts the case.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class UnversionedWriteTests(AppFixture app)
{
    private const int Writers = 16;
    private readonly Api api = app.Api;
    private readonly string tag = Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Statements_posted_to_one_campaign_at_once_all_go_through_one_version_each()
    {
        var campaign = await api.LaunchCampaign();

        var answers = await AllAtOnce(i => new($"/api/campaigns/{campaign}/statements",
            new IssueStatement(Jan22, $"Organisation {i}", null, null, "Release them", null, Report)));

        Assert.Equal(Enumerable.Range(2, Writers).Select(v => (long)v), Versions(answers));
        Assert.Equal(1 + Writers, await app.EventCount(campaign));
    }

    [Fact]
    public async Task Statements_with_a_confidential_source_posted_at_once_are_sealed_afresh_on_each_attempt()
    {
        var campaign = await api.LaunchCampaign();
        var witness = new Source(null, $"Witness {tag}", Jan22, Kind: SourceKind.Witness, Confidential: true);

        var answers = await AllAtOnce(i => new($"/api/campaigns/{campaign}/statements",
            new IssueStatement(Jan22, $"Organisation {i}", null, null, "Release them", null, witness)));

        Assert.Equal(Enumerable.Range(2, Writers).Select(v => (long)v), Versions(answers));
        Assert.Equal(0, await app.EventsContaining($"Witness {tag}"));
    }

    [Fact]
    public async Task Custody_changes_posted_at_once_all_go_through_sealed_attributed_and_idempotent()
    {
        var defendant = await api.RegisterDefendant(await api.LaunchCampaign()); // no personal-data key yet
        ChangeCustody Change(int i) => new(Jan22, CustodyStatus.PretrialDetention, null, null,
            new Source(null, $"Relative {tag} {i}", Jan22, Kind: SourceKind.Relative, Confidential: true));
        Request Write(int i) => new($"/api/defendants/{defendant}/custody", Change(i),
            [("Idempotency-Key", $"custody-{tag}-{i}"), ("X-Correlation-ID", $"writer-{tag}-{i}")]);

        var answers = await AllAtOnce(Write);

        Assert.Equal(Enumerable.Range(2, Writers).Select(v => (long)v), Versions(answers));
        var history = await app.Admin.Get<List<HistoryEntry>>($"/api/streams/{defendant}/events");
        for (var i = 0; i < Writers; i++)
        {
            var written = Result(answers[i]);
            var entry = history.Single(h => h.Version == written.Version);
            Assert.Equal((written.Sequence, $"writer-{tag}-{i}", "staff@test"), (entry.Position, entry.CorrelationId, entry.RecordedBy));
            Assert.True(entry.Headers?.ContainsKey("credential"), "the retried write names the credential that made it");
            Assert.Equal($"Relative {tag} {i}", entry.Source!.Publisher); // sealed with the key stored with it, so it opens
        }
        Assert.Equal(0, await app.EventsContaining($"Relative {tag}"));

        var retried = await AllAtOnce(Write);
        Assert.Equal(answers.Select(Result), retried.Select(Result));
        Assert.Equal(1 + Writers, await app.EventCount(defendant));
    }

    [Fact]
    public async Task A_bulk_development_and_a_retraction_racing_other_writers_go_through_too()
    {
        var campaign = await api.LaunchCampaign();
        var defendants = new List<Guid>();
        for (var i = 0; i < 3; i++) defendants.Add(await api.RegisterDefendant(campaign, $"Defendant {i}"));
        var statement = await api.Post($"/api/campaigns/{campaign}/statements",
            new IssueStatement(Jan22, "Amnesty International", null, null, "Release them", null, Report));
        var statementEvent = (await app.Admin.Get<List<HistoryEntry>>($"/api/streams/{campaign}/events"))
            .Single(h => h.Version == statement.Version).EventId;
        List<Guid> streams = [campaign, .. defendants];
        var before = await app.EventCount(streams);

        var answers = await AllAtOnce(i => i switch
        {
            0 => new($"/api/streams/{campaign}/retractions", new RetractDevelopment(statementEvent, "Misattributed")),
            1 or 2 => new($"/api/campaigns/{campaign}/developments", new RecordDevelopment(defendants, Custody: Custody(CustodyStatus.HouseArrest))),
            _ when i % 2 == 0 => new($"/api/defendants/{defendants[i % 3]}/custody", Custody(CustodyStatus.PretrialDetention)),
            _ => new($"/api/campaigns/{campaign}/statements", new IssueStatement(Jan22, $"Organisation {i}", null, null, "Free them", null, Report)),
        });

        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.OK, $"{(int)a.Status}: {a.Body}"));
        var appended = Enumerable.Range(0, Writers).Sum(i => i is 1 or 2 ? defendants.Count : 1);
        Assert.Equal(before + appended, await app.EventCount(streams));
    }

    [Fact]
    public async Task Charges_filed_at_once_one_by_one_and_in_bulk_all_reach_the_stored_view()
    {
        // The view is read in the round trip that locks the stream: read before the lock, a writer would fold its event
        // into a copy without the charges committed meanwhile, and store it over them.
        var campaign = await api.LaunchCampaign();
        var defendants = new List<Guid>();
        for (var i = 0; i < 2; i++) defendants.Add(await api.RegisterDefendant(campaign, $"Defendant {i}"));

        var answers = await AllAtOnce(i => i % 4 == 0
            ? new($"/api/campaigns/{campaign}/developments", new RecordDevelopment(defendants, Charge: Charge()))
            : new($"/api/defendants/{defendants[i % 2]}/charges", Charge()));

        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.OK, $"{(int)a.Status}: {a.Body}"));
        await using var session = app.Store.QuerySession();
        foreach (var (defendant, i) in defendants.Select((d, i) => (d, i)))
        {
            var view = await session.LoadAsync<DefendantView>(defendant);
            var filed = Enumerable.Range(0, Writers).Count(w => w % 4 == 0 || w % 2 == i);
            Assert.Equal((filed, 1L + filed), (view!.Charges.Count, view.Version));
        }
    }

    [Fact]
    public async Task A_stale_expected_version_is_still_a_conflict_among_writers_who_name_none()
    {
        var defendant = await api.RegisterDefendant(await api.LaunchCampaign());
        await api.Post($"/api/defendants/{defendant}/custody", Custody(CustodyStatus.HouseArrest));

        var answers = await AllAtOnce(i => new($"/api/defendants/{defendant}/custody", Custody(CustodyStatus.PretrialDetention),
            i == 0 ? [("If-Match", "\"1\"")] : null));

        Assert.Equal(HttpStatusCode.Conflict, answers[0].Status);
        Assert.Contains("not the expected 1", answers[0].Body);
        Assert.Equal(Enumerable.Range(3, Writers - 1).Select(v => (long)v), Versions(answers.Skip(1)));
        Assert.Equal(2 + Writers - 1, await app.EventCount(defendant));
    }

    [Fact]
    public async Task Of_writers_who_all_expect_the_same_version_one_goes_through_and_the_others_conflict()
    {
        var defendant = await api.RegisterDefendant(await api.LaunchCampaign());

        var answers = await AllAtOnce(_ => new($"/api/defendants/{defendant}/custody", Custody(CustodyStatus.PretrialDetention),
            [("If-Match", "\"1\"")]));

        Assert.Equal(1, answers.Count(a => a.Status == HttpStatusCode.OK));
        Assert.Equal(Writers - 1, answers.Count(a => a.Status == HttpStatusCode.Conflict));
        Assert.Equal(2, await app.EventCount(defendant));
    }

    private sealed record Request(string Url, object Body, (string Name, string Value)[]? Headers = null);

    private sealed record Answer(HttpStatusCode Status, string Body);

    /// <summary>Sends one request per writer, all released at the same moment, and answers in writer order.</summary>
    private async Task<List<Answer>> AllAtOnce(Func<int, Request> request)
    {
        using var client = api.Client();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(0, Writers).Select(async i =>
        {
            var (url, body, headers) = request(i);
            using var message = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(api.Serialize(body), Encoding.UTF8, "application/json"),
            };
            foreach (var (name, value) in headers ?? []) message.Headers.Add(name, value);
            await start.Task;
            using var response = await client.SendAsync(message);
            return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync());
        }).ToList();
        start.SetResult();
        return [.. await Task.WhenAll(writers)];
    }

    private WriteResult Result(Answer answer)
    {
        Assert.True(answer.Status == HttpStatusCode.OK, $"{(int)answer.Status}: {answer.Body}");
        return JsonSerializer.Deserialize<WriteResult>(answer.Body, api.Json)!;
    }

    private IEnumerable<long> Versions(IEnumerable<Answer> answers) => answers.Select(Result).Select(w => w.Version).Order();
}
