using Campaign.Access;
using Campaign.Defendants;
using Campaign.Retracting;
using Campaign.Tests.Console;
using Campaign.Tests.Support;
using Marten;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Http;

/// <summary>
/// The defendant view stored with each write keeps where the case stands, not its history: its size stops growing with the
/// custody changes, while the API, the console and search still see the whole history.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class BoundedViewTests(AppFixture app)
{
    private static readonly DateOnly Start = new(2024, 1, 1);
    private static readonly string[] Places = ["Taldykorgan pre-trial centre", "Almaty SIZO-1", "Konaev police station"];

    [Fact]
    public async Task The_stored_view_stops_growing_with_custody_changes_while_reads_see_the_whole_history()
    {
        var staff = await app.As(Role.Staff);
        var defendant = await staff.RegisterDefendant(await staff.LaunchCampaign($"Bounded {Guid.NewGuid():N}"));
        await staff.Post($"/api/defendants/{defendant}/detentions", Detention(Start));
        var sizes = new Dictionary<int, int>();
        for (var i = 1; i <= 200; i++)
        {
            // every other day, so that no two days run together; the first place is seen only once
            var place = i == 1 ? "Kapshagay temporary holding" : Places[i % Places.Length];
            await staff.Post($"/api/defendants/{defendant}/custody",
                Custody(i % 2 == 0 ? CustodyStatus.PretrialDetention : CustodyStatus.HouseArrest, Start.AddDays(2 * i)) with { Place = place });
            if (i is 5 or 100 or 200) sizes[i] = await StoredSize(defendant);
        }

        Assert.True(sizes[200] <= sizes[100] + 8, $"{sizes[100]} bytes after 100 custody changes, {sizes[200]} after 200");
        // from 5 to 200 changes only the summary of days for search fills up to its bound (about 40 bytes a run)
        Assert.True(sizes[200] <= sizes[5] + Whereabouts.MaxRanges * 40, $"{sizes[5]} bytes after 5 custody changes, {sizes[200]} after 200");

        var view = await staff.Defendant(defendant);
        Assert.Equal(201, view.CustodyHistory.Count);
        Assert.Equal(Start.AddDays(400), view.Custody!.Since);
        Assert.Equal(view.CustodyHistory[^1], view.Custody);
        Assert.Equal("Kapshagay temporary holding", view.CustodyHistory[1].Place);
        Assert.Equal(Start, view.Detentions.Single().On);

        var browser = await new ConsoleClient(app.Host).SignedIn(staff.Key!);
        Assert.Contains("Kapshagay temporary holding", await browser.Page($"/defendants/{defendant}"));
        foreach (var query in new[] { "place=kapshagay", $"from={Start.AddDays(2):yyyy-MM-dd}&to={Start.AddDays(2):yyyy-MM-dd}", $"from={Start.AddDays(400):yyyy-MM-dd}" })
            Assert.Contains($"/defendants/{defendant}", await browser.Page($"/search?{query}"));
        foreach (var query in new[] { $"to={Start.AddDays(-1):yyyy-MM-dd}", $"from={Start.AddDays(401):yyyy-MM-dd}" })
            Assert.DoesNotContain($"/defendants/{defendant}", await browser.Page($"/search?{query}"));
    }

    [Fact]
    public async Task Retracting_the_current_custody_brings_back_the_one_before_in_the_stored_view()
    {
        var staff = await app.As(Role.Staff);
        var defendant = await staff.RegisterDefendant(await staff.LaunchCampaign($"Bounded {Guid.NewGuid():N}"));
        await staff.Post($"/api/defendants/{defendant}/detentions", Detention());
        await staff.Post($"/api/defendants/{defendant}/custody", Custody(CustodyStatus.PretrialDetention, Nov13.AddDays(3)) with { Place = "Almaty SIZO-1" });
        var mistaken = await staff.Post($"/api/defendants/{defendant}/custody", Custody(CustodyStatus.HouseArrest, Nov13.AddDays(9)) with { Place = "Kapshagay temporary holding" });
        await using var session = app.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(defendant);
        await staff.Post($"/api/streams/{defendant}/retractions", new RetractDevelopment(events[^1].Id, "Recorded for the wrong defendant"));

        var stored = (await session.LoadAsync<DefendantView>(defendant))!;
        Assert.Equal((CustodyStatus.PretrialDetention, Nov13.AddDays(3)), (stored.Custody!.Status, stored.Custody.Since));
        Assert.DoesNotContain("Kapshagay temporary holding", stored.Whereabouts.Places);
        Assert.Equal([new DayRange(Nov13, Nov13), new DayRange(Nov13.AddDays(3), Nov13.AddDays(3))], stored.Whereabouts.Days);
        Assert.Equal(mistaken.Version + 1, stored.Version);
    }

    private async Task<int> StoredSize(Guid defendant)
    {
        await using var session = app.Store.QuerySession();
        return (await session.AdvancedSql.QueryAsync<int>("select length(data::text) from mt_doc_defendantview where id = ?",
            CancellationToken.None, defendant)).Single();
    }
}
