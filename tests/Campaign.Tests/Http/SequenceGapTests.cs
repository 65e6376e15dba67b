using Campaign.Access;
using Campaign.Campaigns.IssuingStatements;
using Campaign.Tests.Support;
using Npgsql;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Http;

/// <summary>
/// Writers racing for one stream leave no hole in the global sequence: a hole holds back the feed, webhooks, the campaign
/// view and the audit chain until the daemon gives up waiting on it (seconds each time).
/// </summary>
public sealed class SequenceGapTests
{
    [Fact]
    public async Task Writers_racing_for_one_stream_leave_no_gap_in_the_event_sequence()
    {
        await using var host = await DedicatedHost.Start("_races", new Dictionary<string, string> { ["Projections:Daemon"] = "Disabled" });
        var staff = await host.As(Role.Staff, "staff@test");
        var campaign = await staff.LaunchCampaign();

        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => staff.Post($"/api/campaigns/{campaign}/statements",
            new IssueStatement(Jan22, $"Organisation {i}", null, null, "Release them", null, Report))));

        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var gaps = new NpgsqlCommand("select max(seq_id) - count(*) from mt_events", connection);
        Assert.Equal(0L, await gaps.ExecuteScalarAsync());
    }
}
