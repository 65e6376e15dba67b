using Campaign.Access;
using Campaign.Campaigns.IssuingStatements;
using Campaign.Tests.Support;
using Marten;
using Npgsql;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Operations;

/// <summary>
/// The service on a database of its own with short session limits (1 s idle in a transaction, 2 s per statement) and
/// the default bound for live gaps (60 s), so that only the limits can release a gap within these tests.
/// </summary>
public sealed class ShortSessionLimits : IAsyncLifetime
{
    public DedicatedHost Dedicated { get; private set; } = null!;
    public Api Staff { get; private set; } = null!;
    public Api Auditor { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Dedicated = await DedicatedHost.Start("_limits", new Dictionary<string, string>
        {
            ["Database:IdleInTransactionTimeout"] = "00:00:01",
            ["Database:StatementTimeout"] = "00:00:02",
            ["Projections:StaleSequenceThreshold"] = "00:00:01",
            ["Confidentiality:MasterKey"] = AppFixture.MasterKey,
        });
        Staff = await Dedicated.As(Role.Staff, "staff@limits.test");
        Auditor = await Dedicated.As(Role.Auditor, "auditor@limits.test");
    }

    public async Task DisposeAsync() => await Dedicated.DisposeAsync();
}

/// <summary>The service's own transactions cannot stay open long, so a gap one of them leaves holds consumers back only briefly.</summary>
public sealed class ServiceTransactionTests(ShortSessionLimits service) : IClassFixture<ShortSessionLimits>
{
    private IDocumentStore Store => service.Dedicated.Store;

    [Fact]
    public async Task The_service_sessions_carry_the_configured_limits()
    {
        await using var session = Store.QuerySession();

        var limits = await session.AdvancedSql.QueryAsync<string>(
            "select current_setting('statement_timeout') || ' ' || current_setting('idle_in_transaction_session_timeout')", CancellationToken.None);

        Assert.Equal("2s 1s", limits.Single());
    }

    [Fact]
    public async Task A_statement_running_past_the_limit_is_cancelled()
    {
        await using var session = Store.QuerySession();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => session.AdvancedSql.QueryAsync<string>("select 'slept' from pg_sleep(10)", CancellationToken.None));

        Assert.Equal(PostgresErrorCodes.QueryCanceled, Consumers.PostgresError(error)?.SqlState);
    }

    [Fact]
    public async Task A_transaction_of_the_service_left_open_on_a_sequence_number_is_ended_and_consumers_move_on()
    {
        var campaign = await service.Staff.LaunchCampaign();
        await service.Dedicated.CaughtUp();
        await using var held = await HeldSequence.Take(((DocumentStore)Store).Storage.Database.CreateConnection());

        var written = await service.Staff.Post($"/api/campaigns/{campaign}/statements",
            new IssueStatement(Jan22, "Human Rights Watch", null, null, "Release them.", null, Report));

        await Eventually.Holds(async () => (await service.Auditor.Progress()).Consumers.All(c => c.BehindPositions == 0 && c.Position >= written.Sequence),
            TimeSpan.FromSeconds(15), "every consumer past the abandoned sequence number");
        Assert.Null(await HeldSequence.StateOf(service.Dedicated.ConnectionString, held.Backend));
        Assert.Contains((await service.Staff.Campaign(campaign, written.Sequence)).Statements, s => s.Organisation == "Human Rights Watch");
        Assert.True(await service.Auditor.FeedNext(held.Number - 1) >= written.Sequence);
    }
}
