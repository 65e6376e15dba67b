using Campaign.Access;
using Campaign.Auditing.Chain;
using Campaign.Campaigns.IssuingStatements;
using Campaign.Tests.Support;
using Npgsql;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Operations;

/// <summary>The service on a database of its own, passing a gap held by a live transaction after 1 + 8 seconds.</summary>
public sealed class ShortGapBound : IAsyncLifetime
{
    public static readonly TimeSpan Threshold = TimeSpan.FromSeconds(1), SkipAfter = TimeSpan.FromSeconds(8);

    public DedicatedHost Dedicated { get; private set; } = null!;
    public Api Staff { get; private set; } = null!;
    public Api Auditor { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Dedicated = await DedicatedHost.Start("_gaps", new Dictionary<string, string>
        {
            ["Projections:StaleSequenceThreshold"] = Threshold.ToString(),
            ["Projections:SkipLiveGapsAfter"] = SkipAfter.ToString(),
            ["Confidentiality:MasterKey"] = AppFixture.MasterKey,
        });
        Staff = await Dedicated.As(Role.Staff, "staff@gaps.test");
        Auditor = await Dedicated.As(Role.Auditor, "auditor@gaps.test");
    }

    public async Task DisposeAsync() => await Dedicated.DisposeAsync();
}

/// <summary>
/// A transaction from outside the service (a console session, another program) that takes an event sequence number
/// and stays open: the service's session limits cannot end it, so the daemon passes its gap after a bounded time. What
/// it commits afterwards lies below every consumer's position: the progress report counts it as missed.
/// </summary>
public sealed class OutsideTransactionTests(ShortGapBound service) : IClassFixture<ShortGapBound>
{
    private static IssueStatement Statement(string organisation) => new(Jan22, organisation, null, null, "Free them.", null, Report);

    [Fact]
    public async Task Consumers_wait_behind_it_visibly_then_move_on_within_the_bound_while_it_is_still_open()
    {
        var campaign = await service.Staff.LaunchCampaign();
        await service.Dedicated.CaughtUp();
        await using var held = await HeldSequence.Take(new NpgsqlConnection(service.Dedicated.ConnectionString));

        var sinceWrite = System.Diagnostics.Stopwatch.StartNew();
        var written = await service.Staff.Post($"/api/campaigns/{campaign}/statements", Statement("Amnesty International"));

        // Held back, and the operator sees by how much; the chain says it has not reached the last event.
        var progress = await service.Auditor.Progress();
        Assert.Equal(written.Sequence, progress.LastEvent);
        Assert.True(progress.HighWaterMark < held.Number, $"high-water mark {progress.HighWaterMark} passed the held {held.Number} at once");
        Assert.All(progress.Consumers, c => Assert.True(c.BehindPositions >= 1 && c.BehindSeconds > 0, $"{c.Name} shows no lag"));
        Assert.All(progress.Consumers, c => Assert.Equal(progress.LastEvent - c.Position, c.BehindPositions)); // the held position too
        Assert.Equal(["CampaignView:All", "EventChain:All", "HighWaterMark", "PublicEvents:All", "webhooks:All"], progress.Consumers.Select(c => c.Name).Order());
        var verification = await service.Auditor.Get<ChainVerification>("/api/audit/verify");
        Assert.Equal(("intact-so-far", true, false, written.Sequence), (verification.Status, verification.Intact, verification.Complete, verification.LastEvent));
        Assert.True(verification.VerifiedUpTo < held.Number);

        await Eventually.Holds(async () => (await service.Auditor.Progress()).Consumers.All(c => c.BehindPositions == 0 && c.Position >= written.Sequence),
            TimeSpan.FromSeconds(20), "every consumer past the held sequence number");

        Assert.Equal("idle in transaction", await HeldSequence.StateOf(service.Dedicated.ConnectionString, held.Backend));
        Assert.True(sinceWrite.Elapsed >= ShortGapBound.SkipAfter, $"passed a live transaction's gap after {sinceWrite.Elapsed} only");
        Assert.Contains((await service.Staff.Campaign(campaign, written.Sequence)).Statements, s => s.Organisation == "Amnesty International");
        Assert.True(await service.Auditor.FeedNext(held.Number - 1) >= written.Sequence);
        Assert.All((await service.Auditor.Progress()).Consumers, c => Assert.Equal(0, c.BehindSeconds));
        verification = await service.Auditor.Get<ChainVerification>("/api/audit/verify");
        Assert.Equal(("intact", true, written.Sequence), (verification.Status, verification.Complete, verification.VerifiedUpTo));
        Assert.Equal(0L, (await service.Auditor.Progress()).MissedEvents);

        // It commits at last, below every consumer's position: its event is never fed, projected or chained; the operator is told.
        await held.CommitLaunchOf(Guid.CreateVersion7());
        progress = await service.Auditor.Progress();
        Assert.Equal(1L, progress.MissedEvents);
        Assert.All(progress.Consumers, c => Assert.True(c.Position >= written.Sequence, $"{c.Name} went back"));
        verification = await service.Auditor.Get<ChainVerification>("/api/audit/verify");
        Assert.Equal((false, held.Number), (verification.Intact, verification.FirstMismatch));
    }
}
