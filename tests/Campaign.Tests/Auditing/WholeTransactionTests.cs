using Campaign.Campaigns;
using Campaign.Campaigns.RecordingDevelopments;
using Campaign.Defendants;
using Campaign.Infrastructure.Writing;
using Campaign.Tests.Support;
using Marten;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Auditing;

/// <summary>Time travel shows only states the system showed: all of an all-or-nothing write, or none of it.</summary>
[Collection(AppCollection.Name)]
public sealed class WholeTransactionTests(AppFixture app)
{
    private const int Defendants = 8;
    private static readonly TimeSpan Microsecond = TimeSpan.FromTicks(10);

    [Fact]
    public async Task At_any_instant_a_bulk_development_is_seen_for_every_defendant_or_for_none()
    {
        var campaign = await app.Api.LaunchCampaign();
        var defendants = new List<Guid>();
        for (var i = 0; i < Defendants; i++) defendants.Add(await app.Api.RegisterDefendant(campaign, $"Defendant {i}"));
        var written = await app.Api.Post<BulkWriteResult>($"/api/campaigns/{campaign}/developments",
            new RecordDevelopment(defendants, Charge: Charge()));

        var recorded = await RecordedAt(written.Defendants);
        var instants = recorded.Append(recorded.Min() - Microsecond).Append(recorded.Max() + Microsecond)
            .Concat(recorded.Zip(recorded.Skip(1), (a, b) => a + (b - a) / 2))
            .Distinct().Order().ToList();

        foreach (var instant in instants)
        {
            var charged = 0;
            foreach (var id in defendants)
                charged += (await app.Admin.Get<DefendantView>($"/api/defendants/{id}?asOf={At(instant)}")).Charges.Count;
            var view = await app.Admin.Get<CampaignView>($"/api/campaigns/{campaign}?asOf={At(instant)}");
            var chargedInCampaign = view.DefendantsByCharge.GetValueOrDefault(Hooliganism.LegalBasis);
            var known = await app.Admin.Get<DefendantView>($"/api/defendants/{defendants[^1]}?knownAt={At(instant)}&validOn=2026-01-01");

            var all = instant >= recorded.Max();
            Assert.True((all ? Defendants : 0, all ? Defendants : 0, all ? 1 : 0) == (charged, chargedInCampaign, known.Charges.Count),
                $"as of {instant:O}: {charged} defendants charged, {chargedInCampaign} in the campaign view, of {Defendants}");
        }
    }

    /// <summary>When each written event was recorded, ordered, as stored.</summary>
    private async Task<List<DateTimeOffset>> RecordedAt(IEnumerable<WriteResult> written)
    {
        await using var session = app.Store.QuerySession();
        var sequences = written.Select(w => w.Sequence).ToList();
        return (await session.Events.QueryAllRawEvents().Where(e => sequences.Contains(e.Sequence)).Select(e => e.Timestamp).ToListAsync())
            .Order().ToList();
    }

    private static string At(DateTimeOffset instant) => Uri.EscapeDataString(instant.ToString("O"));
}
