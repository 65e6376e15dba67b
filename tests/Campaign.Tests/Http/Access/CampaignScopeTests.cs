using Campaign.Access;
using Campaign.Campaigns.Reading;
using Campaign.Tests.Support;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Http.Access;

[Collection(AppCollection.Name)]
public sealed class CampaignScopeTests(AppFixture app)
{
    [Fact]
    public async Task Staff_of_campaign_a_can_neither_read_nor_write_campaign_b_nor_see_it_listed()
    {
        var staffA = await app.As(Role.Staff);
        var staffB = await app.As(Role.Staff);
        var (campaignA, _, _) = await staffA.ChargedDefendant();
        var (campaignB, defendantB, chargeB) = await staffB.ChargedDefendant();
        var events = await app.EventCount(campaignB, defendantB);

        await staffA.Get<object>($"/api/campaigns/{campaignB}", 403);
        await staffA.Get<object>($"/api/defendants/{defendantB}", 403);
        await staffA.Reject($"/api/defendants/{defendantB}/detentions", Detention(), 403);
        await staffA.Reject($"/api/defendants/{defendantB}/charges/{chargeB}/dropped", new { occurredOn = Jan22, source = Report }, 403);
        await staffA.Reject($"/api/campaigns/{campaignB}/defendants", new { displayName = "Planted" }, 403);
        await staffA.Reject($"/api/streams/{defendantB}/retractions", new { eventId = Guid.NewGuid(), reason = "x" }, 403);

        await app.ViewsCaughtUp();
        var listed = await staffA.Get<List<CampaignListItem>>("/api/campaigns");
        Assert.Contains(listed, c => c.Id == campaignA);
        Assert.DoesNotContain(listed, c => c.Id == campaignB);
        Assert.Equal(events, await app.EventCount(campaignB, defendantB));
    }

    [Fact]
    public async Task An_admin_adds_and_removes_a_member_and_access_follows_at_once()
    {
        var owner = await app.As(Role.Staff);
        var (campaign, defendant, _) = await owner.ChargedDefendant();
        var colleagueKey = await app.IssueKey(Role.Staff, $"colleague-{Guid.NewGuid():N}@test");
        var colleague = app.Admin.As(colleagueKey.Key);
        await colleague.Get<object>($"/api/defendants/{defendant}", 403);

        await app.Admin.Post($"/api/campaigns/{campaign}/members", new { member = colleagueKey.Owner }, 204);
        await colleague.Get<object>($"/api/defendants/{defendant}");
        await colleague.Post($"/api/defendants/{defendant}/detentions", Detention());

        await app.Admin.Delete($"/api/campaigns/{campaign}/members/{Uri.EscapeDataString(colleagueKey.Owner)}");
        await colleague.Get<object>($"/api/defendants/{defendant}", 403);
    }

    [Fact]
    public async Task Auditors_read_every_campaign_and_write_none()
    {
        var auditor = await app.As(Role.Auditor);
        var (campaign, defendant, _) = await app.Api.ChargedDefendant();

        await auditor.Get<object>($"/api/defendants/{defendant}");
        await app.ViewsCaughtUp();
        Assert.Contains(await auditor.Get<List<CampaignListItem>>("/api/campaigns"), c => c.Id == campaign);
        await auditor.Reject($"/api/defendants/{defendant}/detentions", Detention(), 403);
        await auditor.Reject("/api/campaigns", new { name = "X", country = "Y" }, 403);
    }
}
