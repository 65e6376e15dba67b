using Campaign.Campaigns;
using Campaign.Defendants;
using Campaign.Tests.Support;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Auditing;

[Collection(AuditCollection.Name)]
public sealed class TimeTravelTests(AuditFixture audit) : IAsyncLifetime
{
    public Task InitializeAsync() => audit.Reset();
    public Task DisposeAsync() => Task.CompletedTask;

    private static string At(DateTimeOffset instant) => Uri.EscapeDataString(instant.ToString("O"));

    private async Task<DateTimeOffset> RecordedAtOfLastEvent(Guid stream)
    {
        await using var session = audit.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(stream))[^1].Timestamp;
    }

    [Fact]
    public async Task A_defendant_is_shown_as_the_system_showed_it_at_an_instant_or_a_version()
    {
        var (_, defendant, _) = await audit.Staff.ChargedDefendant();
        await audit.Staff.Post($"/api/defendants/{defendant}/custody", Custody(CustodyStatus.PretrialDetention));
        var then = await RecordedAtOfLastEvent(defendant);
        await audit.Staff.Post($"/api/defendants/{defendant}/custody", Custody(CustodyStatus.HouseArrest, Jan22.AddDays(1)));

        var asOf = await audit.Auditor.Get<DefendantView>($"/api/defendants/{defendant}?asOf={At(then)}");
        var atVersion = await audit.Auditor.Get<DefendantView>($"/api/defendants/{defendant}?version=2");

        Assert.Equal((CustodyStatus.PretrialDetention, 4L), (asOf.Custody!.Status, asOf.Version));
        Assert.Equal((CustodyStatus.PoliceCustody, 2L), (atVersion.Custody!.Status, atVersion.Version));
        Assert.Empty(atVersion.Charges);
        Assert.Equal(CustodyStatus.HouseArrest, (await audit.Auditor.Defendant(defendant)).Custody!.Status);
    }

    [Fact]
    public async Task A_detention_logged_late_changes_the_past_only_from_the_moment_it_was_logged()
    {
        var campaign = await audit.Staff.LaunchCampaign();
        var defendant = await audit.Staff.RegisterDefendant(campaign);
        await audit.Staff.Post($"/api/defendants/{defendant}/custody", Custody(CustodyStatus.HouseArrest, Jan22));
        var beforeLearning = await RecordedAtOfLastEvent(defendant);
        await audit.Staff.Post($"/api/defendants/{defendant}/detentions", Detention(Nov13)); // learnt late
        var december = "2025-12-01";

        var thenAboutDecember = await audit.Auditor.Get<DefendantView>($"/api/defendants/{defendant}?knownAt={At(beforeLearning)}&validOn={december}");
        var nowAboutDecember = await audit.Auditor.Get<DefendantView>($"/api/defendants/{defendant}?knownAt={At(DateTimeOffset.UtcNow)}&validOn={december}");
        var nowAboutFebruary = await audit.Auditor.Get<DefendantView>($"/api/defendants/{defendant}?validOn=2026-02-01");

        Assert.Null(thenAboutDecember.Custody);
        Assert.Equal((CustodyStatus.PoliceCustody, Nov13), (nowAboutDecember.Custody!.Status, nowAboutDecember.Custody.Since));
        Assert.Equal(CustodyStatus.HouseArrest, nowAboutFebruary.Custody!.Status);
    }

    [Fact]
    public async Task A_campaign_is_shown_as_it_stood_at_an_instant()
    {
        var (campaign, defendant, _) = await audit.Staff.ChargedDefendant();
        var then = await RecordedAtOfLastEvent(defendant);
        await audit.Staff.RegisterDefendant(campaign, "Registered later");
        await audit.Staff.Post($"/api/defendants/{defendant}/custody", Custody(CustodyStatus.HouseArrest));

        var past = await audit.Auditor.Get<CampaignView>($"/api/campaigns/{campaign}?asOf={At(then)}");

        Assert.Equal(1, past.DefendantCount);
        Assert.Equal(new Dictionary<CustodyStatus, int> { [CustodyStatus.PoliceCustody] = 1 }, past.DefendantsByCustody);
    }

    [Fact]
    public async Task Only_auditors_and_admins_travel_in_time()
    {
        var (_, defendant, _) = await audit.Staff.ChargedDefendant();

        await audit.Staff.Get<object>($"/api/defendants/{defendant}?version=1", 403);
        await audit.Auditor.Get<object>($"/api/defendants/{defendant}?version=1");
        await audit.Auditor.Get<object>($"/api/defendants/{defendant}?asOf=yesterday", 400);
        await audit.Auditor.Get<object>($"/api/defendants/{defendant}?asOf={At(DateTimeOffset.UtcNow)}&version=1", 400);
    }
}
