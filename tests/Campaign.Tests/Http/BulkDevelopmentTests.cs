using Campaign.Campaigns.RecordingDevelopments;
using Campaign.Defendants;
using Campaign.Defendants.EscalatingCharges;
using Campaign.Infrastructure.Writing;
using Campaign.Tests.Support;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Http;

[Collection(AppCollection.Name)]
public sealed class BulkDevelopmentTests(AppFixture app)
{
    private readonly Api api = app.Api;

    private async Task<(Guid Campaign, List<Guid> Defendants)> ThreeDefendants()
    {
        var campaign = await api.LaunchCampaign();
        var defendants = new List<Guid>();
        for (var i = 0; i < 3; i++) defendants.Add(await api.RegisterDefendant(campaign, $"Defendant {i}"));
        return (campaign, defendants);
    }

    [Fact]
    public async Task A_detention_is_recorded_for_every_defendant_named()
    {
        var (campaign, defendants) = await ThreeDefendants();

        var written = await api.Post<BulkWriteResult>($"/api/campaigns/{campaign}/developments",
            new RecordDevelopment(defendants, Detention: Detention()));

        Assert.Equal(defendants, written.Defendants.Select(d => d.Id));
        Assert.All(written.Defendants, d => Assert.Equal(2, d.Version));
        foreach (var id in defendants)
            Assert.Equal(CustodyStatus.PoliceCustody, (await api.Defendant(id)).Custody!.Status);
        Assert.Equal(3, (await api.Campaign(campaign, written.Sequence)).DefendantsByCustody[CustodyStatus.PoliceCustody]);
    }

    [Fact]
    public async Task One_unknown_defendant_fails_the_whole_development_and_nothing_is_appended()
    {
        var (campaign, defendants) = await ThreeDefendants();
        var named = new List<Guid> { defendants[0], Guid.NewGuid(), defendants[2] };

        var problem = await api.Reject($"/api/campaigns/{campaign}/developments", new RecordDevelopment(named, Detention: Detention()));

        Assert.Contains("defendantIds[1]", problem.Errors.Keys);
        Assert.Equal(3, await app.EventCount(defendants.ToArray()));
    }

    [Fact]
    public async Task A_defendant_of_another_campaign_fails_the_whole_development()
    {
        var (campaign, defendants) = await ThreeDefendants();
        var (_, outsider, _) = await api.ChargedDefendant();

        var problem = await api.Reject($"/api/campaigns/{campaign}/developments",
            new RecordDevelopment([.. defendants, outsider], Detention: Detention()));

        Assert.Contains("defendantIds[3]", problem.Errors.Keys);
        Assert.Equal(3 + 3, await app.EventCount([.. defendants, outsider]));
    }

    [Fact]
    public async Task An_escalation_fails_for_all_when_one_defendant_does_not_face_the_charge_it_replaces()
    {
        var (campaign, defendants) = await ThreeDefendants();
        await api.Post<BulkWriteResult>($"/api/campaigns/{campaign}/developments", new RecordDevelopment(defendants[..2], Charge: Charge()));

        var problem = await api.Reject($"/api/campaigns/{campaign}/developments", new RecordDevelopment(defendants,
            Escalation: new EscalateCharge(Jan22, Article174, "Diplomatic note", Report), ReplacesLegalBasis: Hooliganism.LegalBasis));

        Assert.Contains("replacesLegalBasis", problem.Errors.Keys);
        Assert.Equal(3 + 2, await app.EventCount(defendants.ToArray()));
    }

    [Fact]
    public async Task A_stale_expected_version_of_one_defendant_fails_the_whole_development()
    {
        var (campaign, defendants) = await ThreeDefendants();

        await api.Reject($"/api/campaigns/{campaign}/developments", new RecordDevelopment(defendants, Detention: Detention(),
            ExpectedVersions: new Dictionary<Guid, long> { [defendants[0]] = 1, [defendants[1]] = 7 }), 409);

        Assert.Equal(3, await app.EventCount(defendants.ToArray()));
    }

    [Fact]
    public async Task Defendants_scheduled_together_share_one_hearing()
    {
        var (campaign, defendants) = await ThreeDefendants();
        var trialDay = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(2);

        var written = await api.Post<BulkWriteResult>($"/api/campaigns/{campaign}/developments", new RecordDevelopment(defendants,
            Hearing: new Campaign.Defendants.SchedulingHearings.ScheduleHearing(Jan22, trialDay, "City court", "Taldykorgan", "Trial", Report)));

        var view = await api.Campaign(campaign, written.Sequence);
        var hearing = Assert.Single(view.Hearings);
        Assert.Equal(defendants, hearing.DefendantIds);
        Assert.Equal(trialDay, view.NextHearing!.ScheduledFor);
    }
}
