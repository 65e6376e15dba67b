using Campaign.Access;
using Campaign.Defendants;
using Campaign.Defendants.Reading;
using Campaign.Developments;
using Campaign.Tests.Support;
using Marten;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Http;

/// <summary>
/// A defendant's timeline is read from the events, a page at a time; the documents kept with each write do not hold it, and
/// the write model does not grow with the history at all.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class TimelineTests(AppFixture app)
{
    private readonly Api api = app.Api;

    private async Task<Guid> DefendantWithCustodyChanges(int changes, Source? source = null)
    {
        var defendant = await api.RegisterDefendant(await api.LaunchCampaign());
        await api.Post($"/api/defendants/{defendant}/detentions", Detention());
        for (var i = 0; i < changes; i++)
            await api.Post($"/api/defendants/{defendant}/custody",
                Custody(i % 2 == 0 ? CustodyStatus.PretrialDetention : CustodyStatus.HouseArrest, Nov13.AddDays(1 + i)) with { Source = source ?? Report });
        return defendant;
    }

    [Fact]
    public async Task The_timeline_pages_through_the_developments_in_the_order_they_happened_and_agrees_with_the_view()
    {
        var defendant = await DefendantWithCustodyChanges(6);
        await api.Post($"/api/defendants/{defendant}/custody", Custody(CustodyStatus.AdministrativeDetention, Nov13)); // learnt late

        var pages = new List<TimelinePage>();
        for (string? after = null; pages.Count == 0 || after is not null; after = pages[^1].Next)
            pages.Add(await api.Get<TimelinePage>($"/api/defendants/{defendant}/timeline?limit=3{(after is null ? "" : $"&after={after}")}"));

        Assert.Equal([3, 3, 2], pages.Select(p => p.Entries.Count));
        var entries = pages.SelectMany(p => p.Entries).ToList();
        Assert.Equal((await api.Defendant(defendant)).Timeline.Select(t => t.EventId), entries.Select(t => t.EventId));
        Assert.Equal(entries.Select(t => t.OccurredOn).Order(), entries.Select(t => t.OccurredOn));
        Assert.Equal(nameof(Campaign.Defendants.ChangingCustody.CustodyStatusChanged), entries[1].Development); // the late one, in its place
    }

    [Fact]
    public async Task A_partner_reads_the_public_timeline_and_a_bad_cursor_or_limit_is_named()
    {
        var witness = new Source(null, $"Witness {Guid.NewGuid():N}", Jan22, Kind: SourceKind.Witness, Confidential: true);
        var defendant = await DefendantWithCustodyChanges(1, witness);
        var partner = await app.As(Role.Partner);

        var forPartner = await partner.Get<TimelinePage>($"/api/defendants/{defendant}/timeline");
        var forStaff = await api.Get<TimelinePage>($"/api/defendants/{defendant}/timeline");

        Assert.Equal(2, forPartner.Entries.Count);
        Assert.Null(forPartner.Entries[1].Source.Publisher);
        Assert.Null(forPartner.Entries[1].RecordedBy);
        Assert.Equal(witness.Publisher, forStaff.Entries[1].Source.Publisher);
        Assert.Null(forStaff.Next);
        await api.Get<object>($"/api/defendants/{defendant}/timeline?after=yesterday", 400);
        await api.Get<object>($"/api/defendants/{defendant}/timeline?limit=0", 400);
        await app.Admin.Get<object>($"/api/defendants/{Guid.NewGuid()}/timeline", 404);
    }

    [Fact]
    public async Task The_write_model_does_not_grow_with_the_history_and_the_stored_view_keeps_no_timeline()
    {
        var shortCase = await DefendantWithCustodyChanges(2);
        var longCase = await DefendantWithCustodyChanges(40);

        await using var session = app.Store.QuerySession();
        Assert.Equal(Normalised((await session.Json.FindByIdAsync<Defendant>(shortCase))!),
            Normalised((await session.Json.FindByIdAsync<Defendant>(longCase))!));
        var stored = (await session.Json.FindByIdAsync<DefendantView>(longCase))!;
        Assert.DoesNotContain("\"timeline\"", stored);
        Assert.DoesNotContain("\"retractions\"", stored);
        var view = await api.Defendant(longCase);
        Assert.Equal(41, view.CustodyHistory.Count);
        Assert.Equal(41, view.Timeline.Count);
        Assert.Equal(CustodyStatus.HouseArrest, view.Custody!.Status);
    }

    /// <summary>The size of a stored document without the ids, days and versions that differ between cases.</summary>
    private static int Normalised(string json) =>
        System.Text.RegularExpressions.Regex.Replace(json, "[0-9a-f-]{36}|\\d{4}-\\d{2}-\\d{2}|\"version\": ?\\d+", "").Length;
}
