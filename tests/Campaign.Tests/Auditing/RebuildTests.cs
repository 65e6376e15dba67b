using System.Text.Json;
using Campaign.Auditing.Views;
using Campaign.Campaigns;
using Campaign.Defendants;
using Campaign.Demo;
using Campaign.Retracting;
using Campaign.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Auditing;

[Collection(AuditCollection.Name)]
public sealed class RebuildTests(AuditFixture audit) : IAsyncLifetime
{
    public Task InitializeAsync() => audit.Reset();
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task AtajurtWithRetractions()
    {
        var (campaign, defendants, _) = await new AtajurtCase(audit.Staff.Client(), audit.Staff.Json, $"rebuild:{Guid.NewGuid()}").Load();
        var escalation = (await audit.Staff.Defendant(defendants[0])).Timeline.Single(t => t.Development == "ChargeEscalated").EventId;
        var remand = (await audit.Staff.Defendant(defendants[1])).Timeline.Single(t => t.Development == "CustodyStatusChanged" && t.OccurredOn == Cases.Jan22).EventId;
        await audit.Dedicated.CaughtUp();
        var statement = (await audit.Staff.Campaign(campaign, 0)).Statements[0].EventId;
        await audit.Staff.Post($"/api/streams/{defendants[0]}/retractions", new RetractDevelopment(escalation, "Recorded for the wrong defendant"));
        await audit.Staff.Post($"/api/streams/{defendants[1]}/retractions", new RetractDevelopment(remand, "Misreported"));
        await audit.Staff.Post($"/api/streams/{campaign}/retractions", new RetractDevelopment(statement, "Attributed to the wrong organisation"));
        await audit.Dedicated.CaughtUp();
    }

    [Fact]
    public async Task Every_view_rebuilt_from_the_events_equals_the_live_one_after_the_atajurt_case_with_retractions()
    {
        await AtajurtWithRetractions();
        var live = await DedicatedHost.Views(audit.Store);

        await Projections.RebuildAll(audit.Store, default);

        Assert.Equal(live, await DedicatedHost.Views(audit.Store));
        Assert.Empty(await audit.Host.Services.GetRequiredService<ViewVerifier>().Compare(default));
    }

    [Fact]
    public async Task The_write_models_rebuilt_from_the_events_equal_the_live_ones_so_writes_go_on_after_a_rebuild_or_an_import()
    {
        await AtajurtWithRetractions();
        var live = await WriteModels();

        await Projections.RebuildAll(audit.Store, default);

        Assert.Equal(live, await WriteModels());
        Assert.Contains(live, m => m.Contains("\"Retracted\":[\""));
    }

    private async Task<List<string>> WriteModels()
    {
        await using var session = audit.Store.QuerySession();
        var defendants = (await session.Query<Defendant>().ToListAsync()).OrderBy(d => d.Id).Select(d => JsonSerializer.Serialize(d));
        var campaigns = (await session.Query<CampaignState>().ToListAsync()).OrderBy(c => c.Id).Select(c => JsonSerializer.Serialize(c));
        return [.. defendants, .. campaigns];
    }

    [Fact]
    public async Task The_view_check_names_a_view_that_no_longer_matches_its_events()
    {
        var (_, defendant, _) = await audit.Staff.ChargedDefendant();
        await audit.Dedicated.CaughtUp();
        await using (var session = audit.Store.LightweightSession())
        {
            var view = await session.LoadAsync<DefendantView>(defendant);
            view!.DisplayName = "Tampered";
            session.Store(view);
            await session.SaveChangesAsync();
        }

        var difference = Assert.Single(await audit.Host.Services.GetRequiredService<ViewVerifier>().Compare(default));

        Assert.Equal((nameof(DefendantView), defendant, "$.displayName"), (difference.View, difference.Id, difference.Path));
    }
}
