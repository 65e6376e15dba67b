using Campaign.Defendants;
using Campaign.Defendants.EscalatingCharges;
using Campaign.Retracting;
using Campaign.Tests.Support;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Http;

[Collection(AppCollection.Name)]
public sealed class RetractionTests(AppFixture app)
{
    private readonly Api api = app.Api;

    private Task<Infrastructure.Writing.WriteResult> Retract(Guid stream, Guid eventId, int status = 200) =>
        api.Post($"/api/streams/{stream}/retractions", new RetractDevelopment(eventId, "Recorded for the wrong defendant"), status);

    [Fact]
    public async Task A_retracted_custody_change_leaves_both_views_and_stays_in_the_history()
    {
        var (campaign, defendant, _) = await api.ChargedDefendant();
        await api.Post($"/api/defendants/{defendant}/custody", Custody(CustodyStatus.HouseArrest));
        var mistaken = (await api.Defendant(defendant)).Timeline.Single(t => t.Development == "CustodyStatusChanged");

        var retraction = await Retract(defendant, mistaken.EventId);

        var view = await api.Defendant(defendant);
        Assert.Equal(CustodyStatus.PoliceCustody, view.Custody!.Status);
        Assert.DoesNotContain(view.Timeline, t => t.EventId == mistaken.EventId);
        Assert.Equal(mistaken.EventId, Assert.Single(view.Retractions).RetractedEventId);

        var campaignView = await api.Campaign(campaign, retraction.Sequence);
        Assert.Equal(new Dictionary<CustodyStatus, int> { [CustodyStatus.PoliceCustody] = 1 }, campaignView.DefendantsByCustody);

        await using var session = app.Store.QuerySession();
        var history = await session.Events.FetchStreamAsync(defendant);
        Assert.Contains(history, e => e.Id == mistaken.EventId);
        Assert.Equal(mistaken.EventId, history.Select(e => e.Data).OfType<DevelopmentRetracted>().Single().RetractedEventId);
    }

    [Fact]
    public async Task Retracting_an_escalation_restores_the_charge_it_replaced()
    {
        var (_, defendant, charge) = await api.ChargedDefendant();
        await api.Post($"/api/defendants/{defendant}/charges/{charge}/escalations", new EscalateCharge(Jan22, Article174, "Diplomatic note", Report));
        var escalation = (await api.Defendant(defendant)).Timeline.Single(t => t.Development == "ChargeEscalated");

        await Retract(defendant, escalation.EventId);

        var current = Assert.Single((await api.Defendant(defendant)).Charges);
        Assert.Equal((charge, ChargeStatus.Pending), (current.ChargeId, current.Status));
    }

    [Fact]
    public async Task A_retracted_statement_leaves_the_campaign_view()
    {
        var campaign = await api.LaunchCampaign();
        var issued = await api.Post($"/api/campaigns/{campaign}/statements",
            new { occurredOn = Jan22, organisation = "Amnesty International", quote = "Release them", source = Report });
        var statement = Assert.Single((await api.Campaign(campaign, issued.Sequence)).Statements);

        var retraction = await Retract(campaign, statement.EventId);

        Assert.Empty((await api.Campaign(campaign, retraction.Sequence)).Statements);
        await app.Admin.Get<object>($"/api/defendants/{campaign}", 404); // a campaign's stream is no defendant's
    }

    [Fact]
    public async Task Events_of_another_stream_and_registrations_cannot_be_retracted_here()
    {
        var (_, defendant, _) = await api.ChargedDefendant();
        var (_, other, _) = await api.ChargedDefendant();
        var elsewhere = (await api.Defendant(other)).Timeline[0].EventId;
        await using var session = app.Store.QuerySession();
        var registration = (await session.Events.FetchStreamAsync(defendant))[0].Id;

        var problem = await api.Reject($"/api/streams/{defendant}/retractions", new RetractDevelopment(elsewhere, "typo"));
        Assert.Contains("eventId", problem.Errors.Keys);
        problem = await api.Reject($"/api/streams/{defendant}/retractions", new RetractDevelopment(registration, "typo"));
        Assert.Contains("eventId", problem.Errors.Keys);
        Assert.Equal(3, await app.EventCount(defendant));
    }

    [Fact]
    public async Task A_development_is_retracted_only_once()
    {
        var (_, defendant, _) = await api.ChargedDefendant();
        var detention = (await api.Defendant(defendant)).Detentions.Single().EventId;
        await Retract(defendant, detention);

        await api.Reject($"/api/streams/{defendant}/retractions", new RetractDevelopment(detention, "again"), 409);
    }
}
