using System.Net;
using Campaign.Access;
using Campaign.Evidence;
using Campaign.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Campaign.Tests.Evidence;

/// <summary>The size limit and damaged files, on a service of its own with a small <c>Evidence:MaxFileBytes</c>.</summary>
public sealed class EvidenceLimitTests : IAsyncLifetime
{
    private const int Limit = 300_000;
    private readonly LogCapture logs = new();
    private DedicatedHost dedicated = null!;
    private Api staff = null!;

    public async Task InitializeAsync()
    {
        dedicated = await DedicatedHost.Start("_evidence", new Dictionary<string, string>
        {
            ["Confidentiality:MasterKey"] = AppFixture.MasterKey,
            ["Evidence:MaxFileBytes"] = $"{Limit}",
        }, services: s => s.AddSingleton<ILoggerProvider>(logs));
        staff = await dedicated.As(Role.Staff, "staff@evidence.test");
    }

    public async Task DisposeAsync() => await dedicated.DisposeAsync();

    private async Task<long> Rows(string table)
    {
        await using var session = dedicated.Store.QuerySession();
        return (await session.AdvancedSql.QueryAsync<long>($"select count(*) from {table}", CancellationToken.None)).Single();
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_413_whether_its_length_is_announced_or_not_and_nothing_is_kept()
    {
        var (_, defendant, _) = await staff.ChargedDefendant();
        var stored = await Rows(EvidenceStore.ContentTable);

        var announced = await (await staff.Send(defendant, EvidenceUploads.Pdf(Limit + 1), "fileName=big.pdf")).Problem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains($"{Limit}", announced.GetProperty("detail").GetString());
        await (await staff.Send(defendant, EvidenceUploads.Pdf(2 * Limit), "fileName=big.pdf", chunked: true)).Problem(HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal((0, stored), (await Rows(EvidenceStore.UploadsTable), await Rows(EvidenceStore.ContentTable)));
        Assert.Empty((await staff.Defendant(defendant)).Evidence);
        var atTheLimit = EvidenceUploads.Pdf(Limit);
        var written = await staff.Attach(defendant, atTheLimit, "fileName=fits.pdf");
        Assert.Equal(atTheLimit, await (await staff.Download(defendant, written.EvidenceId)).Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_file_whose_stored_content_no_longer_matches_its_hash_is_not_served_and_the_damage_is_logged()
    {
        var (_, defendant, _) = await staff.ChargedDefendant();
        var written = await staff.Attach(defendant, EvidenceUploads.Pdf(EvidenceStore.PartSize + 5), "fileName=ruling.pdf");

        await dedicated.Tamper($"update {EvidenceStore.ContentTable} set data = overlay(data placing '\\x00'::bytea from 100) where address = '{written.Sha256}' and part = 1");

        var problem = await (await staff.Download(defendant, written.EvidenceId)).Problem(HttpStatusCode.BadGateway);
        Assert.Contains("SHA-256", problem.GetProperty("detail").GetString());
        Assert.Contains(logs.Lines, line => line.Contains($"Evidence {written.EvidenceId}") && line.Contains("damaged"));
    }
}
