using Campaign.Campaigns;
using Campaign.Defendants;
using Campaign.Demo;
using Campaign.Tests.Support;

namespace Campaign.Tests.Http;

/// <summary>The whole Atajurt 19 case, logged over HTTP as staff would, read back from both views.</summary>
[Collection(AppCollection.Name)]
public sealed class AtajurtCaseTests(AppFixture app)
{
    private readonly Api api = app.Api;

    private async Task<(Guid Campaign, IReadOnlyList<Guid> Defendants, long Sequence)> LogTheCase(string keys) =>
        await new AtajurtCase(api.Client(), api.Json, keys).Load();

    [Fact]
    public async Task The_campaign_view_counts_custody_charges_hearing_and_statements()
    {
        var (campaignId, _, sequence) = await LogTheCase($"test:{Guid.NewGuid()}");

        var campaign = await api.Campaign(campaignId, sequence);

        Assert.Equal("Atajurt 19", campaign.Name);
        Assert.Equal("Kazakhstan", campaign.Country);
        Assert.Equal(19, campaign.DefendantCount);
        Assert.Equal(new Dictionary<CustodyStatus, int> { [CustodyStatus.PretrialDetention] = 13, [CustodyStatus.HouseArrest] = 6 },
            campaign.DefendantsByCustody);
        Assert.Equal(new Dictionary<string, int> { [AtajurtCase.CriminalBasis] = 19 }, campaign.DefendantsByCharge);

        var trial = Assert.Single(campaign.Hearings);
        Assert.Equal("Taldykorgan", trial.City);
        Assert.Equal(19, trial.DefendantIds.Count);
        Assert.Equal(trial.HearingId, campaign.NextHearing?.HearingId);

        Assert.Equal(["Amnesty International", "Human Rights Watch"], campaign.Statements.Select(s => s.Organisation));
        Assert.Equal(["Marie Struthers", "Maya Wang"], campaign.Statements.Select(s => s.Speaker));
        Assert.All(campaign.Statements, s => Assert.Equal(Cases.Jan22, s.IssuedOn));
        Assert.Contains("aid China's repression", campaign.Statements[1].Quote);
        Assert.Equal(Cases.Jan22, campaign.LastDevelopmentOn);
    }

    [Fact]
    public async Task Each_defendant_view_keeps_the_administrative_charge_in_the_history_of_the_escalation()
    {
        var (campaignId, defendantIds, _) = await LogTheCase($"test:{Guid.NewGuid()}");

        var defendants = await Task.WhenAll(defendantIds.Select(api.Defendant));

        Assert.All(defendants, d =>
        {
            Assert.Equal(campaignId, d.CampaignId);
            var administrative = Assert.Single(d.Charges, c => c.Details.Kind == ChargeKind.Administrative);
            Assert.Equal(ChargeStatus.Replaced, administrative.Status);
            var criminal = Assert.Single(d.Charges, c => c.IsCurrent);
            Assert.Equal(AtajurtCase.CriminalBasis, criminal.Details.LegalBasis);
            Assert.Equal(administrative.ChargeId, criminal.Replaces);
            Assert.Equal(criminal.ChargeId, administrative.ReplacedBy);
            Assert.Contains("diplomatic note", criminal.EscalationReason);

            var detention = Assert.Single(d.Detentions);
            Assert.Equal(Cases.Nov13, detention.On);
            Assert.Equal("Taldykorgan", Assert.Single(d.Hearings).City);
            Assert.Equal([CustodyStatus.PoliceCustody, CustodyStatus.AdministrativeDetention, d.Custody!.Status],
                d.CustodyHistory.Select(s => s.Status));
            Assert.All(d.Timeline, t => Assert.Equal("JURIST", t.Source.Publisher));
        });
        Assert.Equal(13, defendants.Count(d => d.Custody!.Status == CustodyStatus.PretrialDetention));
        Assert.Equal(6, defendants.Count(d => d.Custody!.Status == CustodyStatus.HouseArrest));
    }

    [Fact]
    public async Task Logging_the_case_again_with_the_same_keys_appends_nothing()
    {
        var keys = $"test:{Guid.NewGuid()}";
        var first = await LogTheCase(keys);
        IReadOnlyList<Guid> streams = [first.Campaign, ..first.Defendants];
        var before = await app.EventCount(streams);

        var again = await LogTheCase(keys);

        Assert.Equal(first.Campaign, again.Campaign);
        Assert.Equal(first.Defendants, again.Defendants);
        Assert.Equal(first.Sequence, again.Sequence);
        Assert.Equal(before, await app.EventCount(streams));
    }
}
