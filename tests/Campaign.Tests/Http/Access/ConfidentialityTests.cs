using Campaign.Access;
using Campaign.Confidentiality;
using Campaign.Defendants;
using Campaign.Defendants.ChangingCustody;
using Campaign.Developments;
using Campaign.Retracting;
using Campaign.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Http.Access;

/// <summary>Planted confidential and internal values never reach a partner, are stored only sealed, and can be erased.</summary>
[Collection(AppCollection.Name)]
public sealed class ConfidentialityTests(AppFixture app)
{
    private readonly string tag = Guid.NewGuid().ToString("N")[..8];
    private string LegalName => $"PLANTED-LEGAL-{tag}";
    private string Relative => $"PLANTED-RELATIVE-{tag}";
    private string RelativeUrl => $"https://planted.example/{tag}";
    private string ConfidentialNote => $"PLANTED-CONFIDENTIAL-NOTE-{tag}";
    private string InternalNote => $"PLANTED-INTERNAL-NOTE-{tag}";
    private string RetractionReason => $"PLANTED-REASON-{tag}";
    private string StaffName => $"planted-staff-{tag}@test";

    private string[] Planted => [LegalName, Relative, RelativeUrl, ConfidentialNote, InternalNote, RetractionReason, StaffName];

    private async Task<(Api Staff, Guid Campaign, Guid Defendant, long Sequence)> PlantedCase()
    {
        var staff = app.Admin.As((await app.IssueKey(Role.Staff, StaffName)).Key);
        var campaign = await staff.LaunchCampaign();
        var defendant = (await staff.Post($"/api/campaigns/{campaign}/defendants", new { displayName = "Alias A", legalName = LegalName }, 201)).Id;
        var relative = new Source(RelativeUrl, Relative, Jan22, Note: ConfidentialNote, Kind: SourceKind.Relative, Confidential: true);
        await staff.Post($"/api/defendants/{defendant}/custody", new ChangeCustody(Jan22, CustodyStatus.PretrialDetention, null, null, relative));
        await staff.Post($"/api/defendants/{defendant}/detentions", Detention() with { Source = Report with { Note = InternalNote } });
        var mistaken = await staff.Post($"/api/defendants/{defendant}/hearings",
            new { occurredOn = Jan22, city = "Taldykorgan", purpose = "Trial", source = Report });
        var hearing = (await staff.Defendant(defendant)).Hearings.Single().EventId;
        var last = await staff.Post($"/api/streams/{defendant}/retractions", new RetractDevelopment(hearing, RetractionReason));
        return (staff, campaign, defendant, last.Sequence);
    }

    private async Task<string> Raw(Api reader, string url) =>
        System.Text.Json.JsonSerializer.Serialize(await reader.Get<System.Text.Json.JsonElement>(url));

    [Fact]
    public async Task A_partner_sees_public_fields_only_while_staff_see_everything()
    {
        var (staff, campaign, defendant, sequence) = await PlantedCase();
        var partner = await app.As(Role.Partner);

        var forPartner = await Raw(partner, $"/api/defendants/{defendant}") + await Raw(partner, $"/api/campaigns/{campaign}?waitForSequence={sequence}");
        var forStaff = await Raw(staff, $"/api/defendants/{defendant}");

        Assert.All(Planted, planted => Assert.DoesNotContain(planted, forPartner));
        Assert.Contains("Alias A", forPartner);
        Assert.Contains("Relative", forPartner);
        Assert.All(Planted, planted => Assert.Contains(planted, forStaff));
    }

    [Fact]
    public async Task Confidential_fields_are_stored_only_sealed()
    {
        await PlantedCase();

        foreach (var confidential in new[] { LegalName, Relative, RelativeUrl, ConfidentialNote })
            Assert.Equal(0, await app.EventsContaining(confidential));
        Assert.Equal(1, await app.EventsContaining(InternalNote)); // internal, not confidential: readable by the NGO's people
    }

    [Fact]
    public async Task The_key_that_seals_a_persons_fields_is_stored_wrapped_with_the_master_key()
    {
        var (staff, _, defendant, _) = await PlantedCase();

        await using var session = app.Store.QuerySession();
        var stored = (await session.LoadAsync<PersonalDataKey>(defendant))!;
        var sealedName = (await session.LoadAsync<DefendantView>(defendant))!.LegalName!;

        Assert.True(stored.Wrapped);
        Assert.Equal(Sealing.Erased, Sealing.Open(sealedName, defendant, stored.Key)); // the stored bytes alone open nothing
        Assert.Equal(LegalName, (await staff.Defendant(defendant)).LegalName);
    }

    [Fact]
    public async Task Erasing_a_person_leaves_the_events_and_shows_the_fields_as_erased_everywhere()
    {
        var (staff, campaign, defendant, _) = await PlantedCase();
        var events = await app.EventCount(campaign, defendant);

        await app.Admin.Post($"/api/streams/{defendant}/erasure", new { reason = "Threat to the family's safety" }, 204);

        Assert.Equal(events, await app.EventCount(campaign, defendant));
        foreach (var reader in new[] { staff, app.Admin, await app.As(Role.Auditor) })
        {
            var view = await reader.Defendant(defendant);
            Assert.Equal(Sealing.Erased, view.LegalName);
            var custody = view.Timeline.Single(t => t.Development == nameof(CustodyStatusChanged)).Source;
            Assert.Equal((Sealing.Erased, Sealing.Erased, Sealing.Erased), (custody.Publisher, custody.Url, custody.Note));
            var raw = await Raw(reader, $"/api/defendants/{defendant}");
            Assert.All([LegalName, Relative, RelativeUrl, ConfidentialNote], erased => Assert.DoesNotContain(erased, raw));
        }

        await app.ViewsCaughtUp();
        using (var client = app.Admin.Client())
        {
            var export = await client.GetStringAsync("/api/audit/export");
            Assert.Contains(defendant.ToString(), export);
            Assert.All([LegalName, Relative, RelativeUrl, ConfidentialNote], erased => Assert.DoesNotContain(erased, export));
        }

        await using var session = app.Store.QuerySession();
        var replayed = await session.Events.AggregateStreamAsync<DefendantView>(defendant);
        await app.Host.Services.GetRequiredService<PersonalData>().Open(replayed!, default);
        Assert.Equal(Sealing.Erased, replayed!.LegalName);
        Assert.DoesNotContain(LegalName, System.Text.Json.JsonSerializer.Serialize(replayed));
    }

    [Fact]
    public async Task After_erasure_no_new_confidential_field_is_recorded_for_that_person()
    {
        var (staff, _, defendant, _) = await PlantedCase();
        await app.Admin.Post($"/api/streams/{defendant}/erasure", new { reason = "GDPR request" }, 204);

        var witness = new Source(null, "A neighbour", Jan22, Kind: SourceKind.Witness, Confidential: true);
        await staff.Reject($"/api/defendants/{defendant}/custody", new ChangeCustody(Jan22, CustodyStatus.HouseArrest, null, null, witness), 409);
        await staff.Post($"/api/defendants/{defendant}/custody", Custody(CustodyStatus.HouseArrest));
    }
}
