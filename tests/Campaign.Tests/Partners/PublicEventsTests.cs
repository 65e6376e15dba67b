using System.Text;
using Campaign.Access;
using Campaign.Auditing.Views;
using Campaign.Confidentiality;
using Campaign.Defendants;
using Campaign.Defendants.ChangingCustody;
using Campaign.Defendants.Releasing;
using Campaign.Demo;
using Campaign.Developments;
using Campaign.Partners;
using Campaign.Partners.Contracts;
using Campaign.Partners.Feed;
using Campaign.Retracting;
using Campaign.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Partners;

/// <summary>
/// The feed and the live stream serve events rendered once by the async daemon into a table of public events: every
/// event partners may see, once, with its campaign, as the CloudEvent partners receive, and nothing confidential.
/// </summary>
[Collection(PartnerCollection.Name)]
public sealed class PublicEventsTests(PartnerFixture partners)
{
    private sealed record Page(long Next, List<System.Text.Json.JsonElement> Events);

    private async Task<long> Now()
    {
        await partners.ViewsCaughtUp();
        return (await partners.PositionsAfter(0)).LastOrDefault();
    }

    /// <summary>The rendered rows after a position, straight from PostgreSQL.</summary>
    private async Task<List<PublicEvent>> Rows(long after, Guid? campaign = null)
    {
        await using var connection = partners.Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select seq_id, type, campaign_id, cloud_event from public_events where seq_id > @after and (@campaign::uuid is null or campaign_id = @campaign) order by seq_id",
            connection);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.Add(new NpgsqlParameter("campaign", NpgsqlTypes.NpgsqlDbType.Uuid) { Value = (object?)campaign ?? DBNull.Value });
        var rows = new List<PublicEvent>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(new(reader.GetInt64(0), reader.GetString(1), reader.GetGuid(2), reader.GetFieldValue<byte[]>(3)));
        return rows;
    }

    [Fact]
    public async Task Every_event_is_rendered_once_with_its_campaign_as_the_cloudevent_partners_receive()
    {
        var start = await Now();
        var (campaign, defendants, _) = await new AtajurtCase(partners.Staff.Client(), partners.Staff.Json, $"public:{Guid.NewGuid()}").Load();
        await partners.Staff.Post($"/api/defendants/{defendants[0]}/release", new Release(Jan22, "Travel ban", Report));
        var custody = (await partners.Staff.Defendant(defendants[1])).Timeline.Last(t => t.Development == nameof(CustodyStatusChanged)).EventId;
        await partners.Staff.Post($"/api/streams/{defendants[1]}/retractions", new RetractDevelopment(custody, "Misreported"));
        var other = await partners.Staff.LaunchCampaign();
        await Now();

        await using var session = partners.Store.QuerySession();
        var stored = await session.Events.QueryAllRawEvents().Where(e => e.Sequence > start).OrderBy(e => e.Sequence).ToListAsync();
        var rows = await Rows(start);
        var cloudEvents = partners.Host.Services.GetRequiredService<PartnerCloudEvents>();

        Assert.Equal(stored.Where(e => PartnerEvent.Types.ContainsKey(e.EventType)).Select(e => e.Sequence), rows.Select(r => r.Sequence));
        Assert.True(rows.Select(r => r.Type).Distinct().Count() >= 8, "the case covers most contracts");
        foreach (var (e, row) in stored.Zip(rows))
        {
            Assert.Equal(PartnerEvent.Types[e.EventType], row.Type);
            Assert.Equal(e.StreamId == other ? other : campaign, row.Campaign);
            Assert.Equal(Encoding.UTF8.GetString(cloudEvents.Structured(cloudEvents.ToCloudEvent(e)!).Span), Encoding.UTF8.GetString(row.CloudEvent));
        }
    }

    [Fact]
    public async Task The_feed_page_is_the_rendered_cloudevents_byte_for_byte()
    {
        var start = await Now();
        await partners.Staff.ChargedDefendant();
        await Now();

        using var client = partners.Partner.Client();
        var page = await client.GetStringAsync($"/api/feed?after={start}&limit=2");
        var rows = (await Rows(start)).Take(2).ToList();

        Assert.Equal($"{{\"next\":{rows[1].Sequence},\"events\":[{Encoding.UTF8.GetString(rows[0].CloudEvent)},{Encoding.UTF8.GetString(rows[1].CloudEvent)}]}}", page);
    }

    [Fact]
    public async Task No_confidential_or_internal_value_is_rendered_and_erasure_leaves_the_public_events_as_they_were()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        string[] planted = [$"PLANTED-LEGAL-{tag}", $"PLANTED-RELATIVE-{tag}", $"https://planted.example/{tag}", $"PLANTED-NOTE-{tag}",
            $"PLANTED-INTERNAL-{tag}", $"PLANTED-REASON-{tag}", $"planted-staff-{tag}@test", "sealed:v1"];
        var staff = partners.Staff.As((await partners.Issue(Role.Staff, planted[6])).Key);
        var start = await Now();
        var campaign = await staff.LaunchCampaign();
        var defendant = (await staff.Post($"/api/campaigns/{campaign}/defendants", new { displayName = $"Alias {tag}", legalName = planted[0] }, 201)).Id;
        var relative = new Source(planted[2], planted[1], Jan22, Note: planted[3], Kind: SourceKind.Relative, Confidential: true);
        await staff.Post($"/api/defendants/{defendant}/custody", new ChangeCustody(Jan22, CustodyStatus.PretrialDetention, null, null, relative));
        await staff.Post($"/api/defendants/{defendant}/detentions", Detention() with { Source = Report with { Note = planted[4] } });
        await staff.Post($"/api/defendants/{defendant}/hearings", new { occurredOn = Jan22, city = "Taldykorgan", purpose = "Trial", source = Report });
        var hearing = (await staff.Defendant(defendant)).Hearings.Single().EventId;
        await staff.Post($"/api/streams/{defendant}/retractions", new RetractDevelopment(hearing, planted[5]));
        await Now();

        var rendered = await Rows(start, campaign);
        var text = string.Join('\n', rendered.Select(r => Encoding.UTF8.GetString(r.CloudEvent)));
        Assert.Equal(6, rendered.Count);
        Assert.All(planted, value => Assert.DoesNotContain(value, text));
        Assert.Contains($"Alias {tag}", text);
        Assert.Contains("\"kind\":\"Relative\",\"confidential\":true", text);

        var admin = partners.Staff.As((await partners.Issue(Role.Admin, $"admin-{tag}@test")).Key);
        await admin.Post($"/api/streams/{defendant}/erasure", new { reason = "Threat to the family's safety" }, 204);
        Assert.Equal(Sealing.Erased, (await admin.Defendant(defendant)).LegalName);

        Assert.Equal(rendered.Select(r => Convert.ToBase64String(r.CloudEvent)), (await Rows(start, campaign)).Select(r => Convert.ToBase64String(r.CloudEvent)));
        var page = await partners.Partner.Get<Page>($"/api/feed?after={start}&campaign={campaign}");
        Assert.Equal(rendered.Select(r => r.Sequence), page.Events.Select(e => long.Parse(e.GetProperty("sequence").GetString()!)));
    }

    [Fact]
    public async Task The_feed_serves_only_what_has_been_rendered()
    {
        var start = await Now();
        // The daemon's rendering is held back by a lock on the table it writes (stopping its agent would not do: the
        // cluster's leader starts an agent it finds stopped again); the feed's reads are not blocked by it.
        await using (var holder = partners.Store.Storage.Database.CreateConnection())
        {
            await holder.OpenAsync();
            await using var hold = await holder.BeginTransactionAsync();
            await new NpgsqlCommand($"lock table {PublicEventsTable.Name} in exclusive mode", holder, hold).ExecuteNonQueryAsync();

            await partners.Staff.ChargedDefendant();
            var written = (await partners.PositionsAfter(start)).Last();
            var feed = partners.Host.Services.GetRequiredService<EventFeed>();
            await Eventually.Holds(async () => await feed.HighWaterMark(default) >= written, TimeSpan.FromSeconds(30),
                "the high-water mark reaches the new events");

            var page = await partners.Partner.Get<Page>($"/api/feed?after={start}");
            Assert.Empty(page.Events);
            Assert.Equal(start, page.Next);
        }

        var end = await Now();
        var resumed = await partners.Partner.Get<Page>($"/api/feed?after={start}");
        Assert.Equal(await partners.PositionsAfter(start), resumed.Events.Select(e => long.Parse(e.GetProperty("sequence").GetString()!)));
        Assert.Equal(end, resumed.Next);
    }

    [Fact]
    public async Task A_rebuild_renders_the_public_events_again_from_the_events()
    {
        await partners.Staff.ChargedDefendant();
        var last = await Now();
        var before = (await Rows(0)).Select(r => (r.Sequence, r.Type, r.Campaign, Convert.ToBase64String(r.CloudEvent))).ToList();
        await using (var connection = partners.Store.Storage.Database.CreateConnection())
        {
            await connection.OpenAsync();
            await new NpgsqlCommand($"delete from public_events where seq_id = {last}; update public_events set cloud_event = '\\x7b7d' where seq_id = {last - 1}",
                connection).ExecuteNonQueryAsync();
        }
        Assert.Equal(before.Count - 2, (await Rows(0)).Count(r => before.Contains((r.Sequence, r.Type, r.Campaign, Convert.ToBase64String(r.CloudEvent)))));

        await Projections.RebuildAll(partners.Store, default);

        Assert.Equal(before, (await Rows(0)).Select(r => (r.Sequence, r.Type, r.Campaign, Convert.ToBase64String(r.CloudEvent))));
    }
}
