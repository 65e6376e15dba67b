using Campaign.Auditing.History;
using Campaign.Defendants;
using Campaign.Retracting;
using Campaign.Tests.Support;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Auditing;

[Collection(AuditCollection.Name)]
public sealed class HistoryTests(AuditFixture audit) : IAsyncLifetime
{
    public Task InitializeAsync() => audit.Reset();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_streams_history_shows_every_event_with_who_when_source_and_retraction()
    {
        var campaign = await audit.Staff.LaunchCampaign();
        var defendant = (await audit.Staff.Post($"/api/campaigns/{campaign}/defendants", new { displayName = "Alias", legalName = "Legal Name" }, 201)).Id;
        await audit.Staff.Post($"/api/defendants/{defendant}/detentions", Detention(), 200, ("X-Correlation-ID", "field-report-7"));
        await audit.Staff.Post($"/api/defendants/{defendant}/custody", Custody(CustodyStatus.HouseArrest));
        var custody = (await audit.Staff.Defendant(defendant)).Timeline.Single(t => t.Development == "CustodyStatusChanged").EventId;
        await audit.Staff.Post($"/api/streams/{defendant}/retractions", new RetractDevelopment(custody, "Wrong defendant"));

        var history = await audit.Auditor.Get<List<HistoryEntry>>($"/api/streams/{defendant}/events");

        Assert.Equal([1L, 2, 3, 4], history.Select(h => h.Version));
        Assert.Equal(history.Select(h => h.Position).Order(), history.Select(h => h.Position));
        Assert.Equal(["DefendantRegistered", "DetentionRecorded", "CustodyStatusChanged", "DevelopmentRetracted"], history.Select(h => h.Type));
        Assert.All(history, h => Assert.Equal("staff@audit.test", h.RecordedBy));
        Assert.Equal("field-report-7", history[1].CorrelationId);
        Assert.Equal((Nov13, "Example Wire"), (history[1].OccurredOn!.Value, history[1].Source!.Publisher));
        Assert.Equal("Wrong defendant", history[2].RetractedBy!.Reason);
        Assert.Null(history[1].RetractedBy);
        Assert.Contains("Legal Name", history[0].Data.ToString()); // auditors read confidential fields, opened
    }

    [Fact]
    public async Task The_audit_trail_filters_by_type_and_author_and_pages_by_position()
    {
        var (_, defendant, _) = await audit.Staff.ChargedDefendant();
        var other = await audit.Dedicated.As(Access.Role.Staff, "other@audit.test");
        await other.ChargedDefendant();
        for (var i = 0; i < 3; i++) await audit.Staff.Post($"/api/defendants/{defendant}/detentions", Detention());

        var detentions = await audit.Auditor.Get<HistoryPage>("/api/audit/events?type=DetentionRecorded&recordedBy=staff@audit.test");
        var firstPage = await audit.Auditor.Get<HistoryPage>("/api/audit/events?limit=3");
        var secondPage = await audit.Auditor.Get<HistoryPage>($"/api/audit/events?limit=3&after={firstPage.Next}");

        Assert.Equal(4, detentions.Events.Count);
        Assert.All(detentions.Events, e => Assert.Equal(("DetentionRecorded", "staff@audit.test"), (e.Type, e.RecordedBy)));
        Assert.Equal(firstPage.Events[^1].Position, firstPage.Next);
        Assert.True(secondPage.Events[0].Position > firstPage.Next);
        var later = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(5).ToString("O"));
        Assert.Empty((await audit.Auditor.Get<HistoryPage>($"/api/audit/events?from={later}")).Events);
    }
}
