using System.Text;
using System.Text.Json;
using Campaign.Alerts;
using Campaign.Campaigns.IssuingStatements;
using Campaign.Campaigns.Launching;
using Campaign.Defendants;
using Campaign.Defendants.ChangingCustody;
using Campaign.Defendants.DeliveringVerdicts;
using Campaign.Defendants.DroppingCharges;
using Campaign.Defendants.EscalatingCharges;
using Campaign.Defendants.ExtendingCustodyTerms;
using Campaign.Defendants.FilingCharges;
using Campaign.Defendants.RecordingDetention;
using Campaign.Defendants.Registering;
using Campaign.Defendants.Releasing;
using Campaign.Defendants.SchedulingHearings;
using Campaign.Developments;
using Campaign.Evidence.Attaching;
using Campaign.Partners;
using Campaign.Partners.Contracts;
using Campaign.Retracting;
using Campaign.Tests.Support;
using JasperFx.Events;
using Microsoft.Extensions.DependencyInjection;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Partners;

/// <summary>The partner catalogue in docs/partners.md shows exactly what the service sends, for every event type.</summary>
[Collection(AppCollection.Name)]
public sealed class ContractTests(AppFixture app)
{
    private static readonly Guid Campaign = Guid.Parse("0198d1a0-0000-7000-8000-000000000001");
    private static readonly Guid Defendant = Guid.Parse("0198d1a0-0000-7000-8000-000000000002");
    private static readonly Guid Charge = Guid.Parse("0198d1a0-0000-7000-8000-000000000003");
    private static readonly Guid Article174Charge = Guid.Parse("0198d1a0-0000-7000-8000-000000000004");
    private static readonly Source Jurist = new(null, "JURIST", Jan22);
    private static readonly Source Relative = new(null, "(confidential)", Jan22, Kind: SourceKind.Relative, Confidential: true);
    private static readonly Guid Trial = Guid.Parse("0198d1a0-0000-7000-8000-000000000005");
    private static readonly DateOnly Mar13 = new(2026, 3, 13);
    private static readonly SourcedFact TrialScheduled = new(Guid.Parse("0198d1a0-0000-7000-8000-000000000008"), nameof(HearingScheduled), Jan22,
        PublicSource.From(Jurist));
    private static readonly SourcedFact[] Remand =
        [new(Guid.Parse("0198d1a0-0000-7000-8000-000000000009"), nameof(CustodyStatusChanged), Jan22, PublicSource.From(Relative))];

    private static readonly object[] Examples =
    [
        new CampaignLaunched(Campaign, "Atajurt 19", "Kazakhstan", "Almaty region", "19 activists prosecuted for a peaceful protest."),
        new DefendantRegistered(Defendant, Campaign, "Atajurt defendant 01 (placeholder)", "sealed:v1:not-for-partners"),
        new DetentionRecorded(Defendant, Campaign, Nov13, "Near the Kazakhstan–China border, Almaty region", "Police", CustodyStatus.PoliceCustody, Jurist),
        new ChargeFiled(Defendant, Campaign, Charge, Hooliganism, Nov13, Jurist),
        new ChargeEscalated(Defendant, Campaign, Charge, Article174Charge, Article174, "After a diplomatic note", Jan22, Jurist),
        new CustodyStatusChanged(Defendant, Campaign, CustodyStatus.PretrialDetention, null, null, Jan22, Relative, Mar13),
        new CustodyTermExtended(Defendant, Campaign, CustodyStatus.PretrialDetention, Mar13, new DateOnly(2026, 5, 13), new DateOnly(2026, 3, 10), Jurist),
        new HearingScheduled(Defendant, Campaign, Trial, null, null, "Taldykorgan", "Opening of the trial", Jan22, Jurist),
        new VerdictDelivered(Defendant, Campaign, [Article174Charge], VerdictOutcome.Convicted, "5 years", "Taldykorgan city court", Jan22, Jurist),
        new ChargesDropped(Defendant, Campaign, [Charge], "Replaced", Jan22, Jurist),
        new Released(Defendant, Campaign, "Travel ban", Jan22, Jurist),
        new StatementIssued(Campaign, Guid.Parse("0198d1a0-0000-7000-8000-000000000006"), "Human Rights Watch", "Maya Wang", "Deputy Asia director",
            "aid China's repression", null, Jan22, Jurist),
        new DevelopmentRetracted(Defendant, Campaign, Guid.Parse("0198d1a0-0000-7000-8000-000000000007"), nameof(ChargesDropped), "Internal reason"),
        new EvidenceAttached(Defendant, Campaign, Guid.Parse("0198d1a0-0000-7000-8001-000000000005"), Guid.Parse("0198d1a0-0000-7000-8000-000000000008"),
            "9f2b5c1d0e8a7f6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b", 482_113, "application/pdf", "Taldykorgan court ruling 2026-01-22.pdf",
            false, null),
        new HearingApproaching(Defendant, Campaign, Trial, new DateOnly(2026, 3, 2), 7, 7, "Opening of the trial in Taldykorgan in 7 days, on 2026-03-02.",
            [TrialScheduled]),
        new CustodyTermEnding(Defendant, Campaign, CustodyStatus.PretrialDetention, Mar13, 1, 1, "The custody term ends tomorrow, on 2026-03-13.", Remand),
        new CustodyTermOverdue(Defendant, Campaign, CustodyStatus.PretrialDetention, Mar13,
            "The custody term ended on 2026-03-13 and no extension, release or verdict is recorded: check.", Remand),
        new CaseGoneQuiet(Defendant, Campaign, Jan22, 21, "No development since 2026-01-22.", [TrialScheduled]),
    ];

    private string Example(object data, int position)
    {
        var e = (IEvent)Activator.CreateInstance(typeof(Event<>).MakeGenericType(data.GetType()), data)!;
        (e.Id, e.Sequence, e.Timestamp) = (Guid.Parse($"0198d1a0-0000-7000-8001-{position:D12}"), position, new DateTimeOffset(2026, 1, 22, 10, 0, 0, TimeSpan.Zero));
        var cloudEvents = app.Host.Services.GetRequiredService<PartnerCloudEvents>();
        var json = JsonDocument.Parse(cloudEvents.Structured(cloudEvents.ToCloudEvent(e)!)).RootElement;
        return JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static string Docs => File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "partners.md"));

    [Fact]
    public void Every_event_type_has_a_contract_and_an_example_in_the_partner_docs()
    {
        Assert.Equal(PartnerEvent.Types.Keys.Select(t => t.Name).Order(), Examples.Select(e => e.GetType().Name).Order());
        var catalogue = new StringBuilder();
        for (var i = 0; i < Examples.Length; i++)
            catalogue.Append($"### `{PartnerEvent.Types[Examples[i].GetType()]}`\n\n```json\n{Example(Examples[i], i + 1)}\n```\n\n");

        if (Environment.GetEnvironmentVariable("CAMPAIGN_WRITE_PARTNER_CATALOGUE") is { } path) File.WriteAllText(path, catalogue.ToString());
        Assert.Contains(catalogue.ToString().ReplaceLineEndings("\n"), Docs.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void No_contract_carries_a_confidential_or_internal_value()
    {
        var all = string.Join('\n', Examples.Select((e, i) => Example(e, i + 1)));

        Assert.DoesNotContain("sealed:v1", all);
        Assert.DoesNotContain("(confidential)", all);
        Assert.DoesNotContain("Internal reason", all);
    }

    [Fact]
    public void The_verification_snippet_in_the_docs_is_the_one_the_tests_use()
    {
        var snippet = File.ReadAllText(Path.Combine(RepositoryRoot(), "tests", "Campaign.Tests", "Support", "WebhookVerifier.cs"));
        var body = snippet[snippet.IndexOf("public static class WebhookVerifier", StringComparison.Ordinal)..].Trim();

        Assert.Contains(body.ReplaceLineEndings("\n"), Docs.ReplaceLineEndings("\n"));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory!.FullName, "Campaign.sln"))) directory = directory.Parent;
        return directory.FullName;
    }
}
