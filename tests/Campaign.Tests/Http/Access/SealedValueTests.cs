using System.Text.Json;
using Campaign.Access;
using Campaign.Campaigns;
using Campaign.Campaigns.IssuingStatements;
using Campaign.Campaigns.RecordingDevelopments;
using Campaign.Confidentiality;
using Campaign.Defendants;
using Campaign.Defendants.ChangingCustody;
using Campaign.Defendants.Registering;
using Campaign.Developments;
using Campaign.Tests.Support;
using Marten;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Http.Access;

/// <summary>
/// A sealed value copied from one stream into another (from a database copy or an export) is refused on the way in, and
/// opens nowhere but in the stream it was sealed for: it cannot serve to decrypt another campaign's personal data.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SealedValueTests(AppFixture app)
{
    private readonly string tag = Guid.NewGuid().ToString("N")[..8];
    private string LegalNameInB => $"B-LEGAL-NAME-{tag}";
    private string WitnessInB => $"B-WITNESS-{tag}";

    private static Source Witness(string who) => new(null, who, Jan22, Kind: SourceKind.Witness, Confidential: true);

    /// <summary>Campaign B, whose staff record a legal name and a confidential witness, and those values as B's store holds them.</summary>
    private async Task<(Guid Defendant, string SealedLegalName, string SealedWitness)> CampaignB()
    {
        var staffOfB = await app.As(Role.Staff);
        var campaign = await staffOfB.LaunchCampaign("Campaign B");
        var defendant = (await staffOfB.Post($"/api/campaigns/{campaign}/defendants", new RegisterDefendant("Alias B", LegalNameInB), 201)).Id;
        await staffOfB.Post($"/api/defendants/{defendant}/custody",
            new ChangeCustody(Jan22, CustodyStatus.PretrialDetention, null, null, Witness(WitnessInB)));

        await using var session = app.Store.QuerySession();
        var stored = (await session.LoadAsync<DefendantView>(defendant))!;
        var custody = (await session.Events.FetchStreamAsync(defendant)).Select(e => e.Data).OfType<CustodyStatusChanged>().Single();
        var (legalName, witness) = (stored.LegalName!, custody.Source.Publisher!); // the stored view keeps no timeline
        Assert.True(Sealing.IsSealed(legalName) && Sealing.IsSealed(witness));
        return (defendant, legalName, witness);
    }

    [Fact]
    public async Task A_value_sealed_for_another_campaign_is_refused_naming_the_field_and_nothing_is_written()
    {
        var (_, sealedLegalName, sealedWitness) = await CampaignB();
        var staffOfA = await app.As(Role.Staff);
        var campaign = await staffOfA.LaunchCampaign("Campaign A");
        var defendant = await staffOfA.RegisterDefendant(campaign);
        var events = await app.EventCount(campaign, defendant);

        foreach (var legalName in new[] { sealedLegalName, $"  {sealedLegalName} " })
        {
            var refused = await staffOfA.Reject($"/api/campaigns/{campaign}/defendants", new RegisterDefendant("Alias A", legalName));
            Assert.Contains("legalName", refused.Errors.Keys);
        }
        foreach (var (source, field) in new[] { (Witness(sealedWitness), "source.publisher"), (Witness("A neighbour") with { Note = sealedWitness }, "source.note") })
        {
            var custody = await staffOfA.Reject($"/api/defendants/{defendant}/custody",
                new ChangeCustody(Jan22, CustodyStatus.PretrialDetention, null, null, source));
            Assert.Contains(field, custody.Errors.Keys);
            var statement = await staffOfA.Reject($"/api/campaigns/{campaign}/statements",
                new IssueStatement(Jan22, "A witness group", null, null, "What we saw.", null, source));
            Assert.Contains(field, statement.Errors.Keys);
            var bulk = await staffOfA.Reject($"/api/campaigns/{campaign}/developments", new RecordDevelopment([defendant],
                Custody: new ChangeCustody(Jan22, CustodyStatus.PretrialDetention, null, null, source)));
            Assert.Equal([$"custody.{field}"], bulk.Errors.Keys); // the request's path, not the event's
        }

        Assert.Equal(events, await app.EventCount(campaign, defendant));
        await using var session = app.Store.QuerySession();
        Assert.Equal(1, await session.Query<DefendantView>().CountAsync(d => d.CampaignId == campaign));
    }

    [Fact]
    public async Task A_copied_sealed_value_already_in_the_store_opens_nowhere_but_in_its_own_stream()
    {
        var (defendantOfB, sealedLegalName, sealedWitness) = await CampaignB();
        var staffOfA = await app.As(Role.Staff);
        var campaign = await staffOfA.LaunchCampaign("Campaign A");

        // As written before sealed values were refused, or by anything that bypasses the API.
        var planted = Guid.CreateVersion7();
        await using (var session = app.Store.LightweightSession())
        {
            session.Events.StartStream<DefendantView>(planted, new DefendantRegistered(planted, campaign, "Alias A", sealedLegalName),
                new CustodyStatusChanged(planted, campaign, CustodyStatus.PretrialDetention, null, null, Jan22, Witness(sealedWitness)));
            session.Events.Append(campaign, new StatementIssued(campaign, Guid.CreateVersion7(), "A witness group", null, null, "What we saw.",
                null, Jan22, Witness(sealedWitness)));
            await session.SaveChangesAsync();
        }
        await app.ViewsCaughtUp();

        var view = await staffOfA.Defendant(planted);
        Assert.Equal((Sealing.Erased, Sealing.Erased), (view.LegalName, view.Timeline.Single().Source.Publisher));
        var campaignView = await staffOfA.Get<CampaignView>($"/api/campaigns/{campaign}");
        Assert.Equal(Sealing.Erased, campaignView.Statements.Single().Source.Publisher);

        var auditor = await app.As(Role.Auditor);
        var seenByA = new[]
        {
            await Raw(staffOfA, $"/api/defendants/{planted}"), await Raw(staffOfA, $"/api/campaigns/{campaign}"),
            await Raw(auditor, $"/api/streams/{planted}/events"), await Raw(auditor, $"/api/streams/{campaign}/events"),
            await Raw(app.Admin, $"/api/defendants/{planted}?version=2"), await Raw(app.Admin, $"/api/campaigns/{campaign}?asOf={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}"),
        };
        Assert.All(seenByA, seen => Assert.DoesNotContain(LegalNameInB, seen));
        Assert.All(seenByA, seen => Assert.DoesNotContain(WitnessInB, seen));

        // In one page of the audit trail, B's own events open and the copies do not.
        var first = (await auditor.Get<List<JsonElement>>($"/api/streams/{defendantOfB}/events"))[0].GetProperty("position").GetInt64();
        var trail = await auditor.Get<JsonElement>($"/api/audit/events?after={first - 1}&limit=1000");
        var byStream = trail.GetProperty("events").EnumerateArray().ToLookup(e => e.GetProperty("streamId").GetGuid(), e => e.GetRawText());
        Assert.Contains(byStream[defendantOfB], e => e.Contains(LegalNameInB));
        Assert.Contains(byStream[defendantOfB], e => e.Contains(WitnessInB));
        Assert.All(byStream[planted].Concat(byStream[campaign]), e => Assert.DoesNotContain($"-{tag}", e));
        Assert.NotEmpty(byStream[planted]);
    }

    [Fact]
    public async Task A_confidential_source_given_for_many_defendants_is_sealed_for_each_with_its_own_key()
    {
        var staff = app.Api;
        var campaign = await staff.LaunchCampaign();
        var (first, second) = (await staff.RegisterDefendant(campaign), await staff.RegisterDefendant(campaign));

        await staff.Post<JsonElement>($"/api/campaigns/{campaign}/developments", new RecordDevelopment([first, second],
            Custody: new ChangeCustody(Jan22, CustodyStatus.HouseArrest, null, null, Witness(WitnessInB))));

        Assert.Equal(WitnessInB, (await staff.Defendant(first)).Timeline.Single().Source.Publisher);
        Assert.Equal(WitnessInB, (await staff.Defendant(second)).Timeline.Single().Source.Publisher);
        Assert.Equal(0, await app.EventsContaining(WitnessInB));
        Assert.Equal(0, await StoredDefendantViewsContaining(WitnessInB));

        await app.Admin.Post($"/api/streams/{first}/erasure", new { reason = "Threat to the family's safety" }, 204);

        Assert.Equal(Sealing.Erased, (await staff.Defendant(first)).Timeline.Single().Source.Publisher);
        Assert.Equal(WitnessInB, (await staff.Defendant(second)).Timeline.Single().Source.Publisher);
    }

    private static async Task<string> Raw(Api reader, string url) => JsonSerializer.Serialize(await reader.Get<JsonElement>(url));

    private async Task<long> StoredDefendantViewsContaining(string text)
    {
        await using var session = app.Store.QuerySession();
        return (await session.AdvancedSql.QueryAsync<long>("select count(*) from mt_doc_defendantview where data::text like ?",
            CancellationToken.None, $"%{text}%")).Single();
    }
}
