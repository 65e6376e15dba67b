using System.Text;
using System.Text.Json;
using Campaign.Auditing.Chain;
using Campaign.Auditing.Export;
using Campaign.Campaigns;
using Campaign.Defendants;
using Campaign.Demo;
using Campaign.Retracting;
using Campaign.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Auditing;

[Collection(AuditCollection.Name)]
public sealed class ExportImportTests(AuditFixture audit) : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await audit.Reset();
        var (_, defendants, _) = await new AtajurtCase(audit.Staff.Client(), audit.Staff.Json, $"export:{Guid.NewGuid()}").Load();
        var detention = (await audit.Staff.Defendant(defendants[2])).Detentions.Single().EventId;
        await audit.Staff.Post($"/api/streams/{defendants[2]}/retractions", new RetractDevelopment(detention, "Duplicate"));
        await audit.Staff.Post($"/api/campaigns/{(await audit.Staff.Defendant(defendants[2])).CampaignId}/defendants",
            new { displayName = "Alias", legalName = "Sealed in the export" }, 201);
        await audit.Dedicated.CaughtUp();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> Export()
    {
        using var client = audit.Auditor.Client();
        return await client.GetStringAsync("/api/audit/export");
    }

    private static Task<ExportFormat.Contents> Read(string export) => ExportFormat.Read(new StringReader(export));

    private async Task<string> PublicKey() => (await audit.Auditor.Get<PublicKeyView>("/api/audit/public-key")).PublicKey;

    [Fact]
    public async Task An_export_verifies_offline_against_the_published_key_and_carries_no_personal_data_in_clear()
    {
        var export = await Export();

        var report = await ExportFormat.Verify(await Read(export), await PublicKey(), default);

        Assert.True(report.Intact, report.Problem);
        Assert.Equal((await audit.Dedicated.PositionsAfter(0))[^1], report.VerifiedUpTo);
        Assert.True(report.CheckpointsVerified >= 1);
        Assert.DoesNotContain("Sealed in the export", export);
    }

    [Fact]
    public async Task An_export_altered_by_hand_fails_offline_at_the_altered_position()
    {
        var lines = (await Export()).Split('\n').ToList();
        var target = lines.FindIndex(l => l.Contains("\"place\""));
        var position = JsonDocument.Parse(lines[target]).RootElement.GetProperty("position").GetInt64();
        lines[target] = lines[target].Replace("Almaty region", "Astana");

        var report = await ExportFormat.Verify(await Read(string.Join('\n', lines)), await PublicKey(), default);

        Assert.Equal((false, position), (report.Intact, report.FirstMismatch));
    }

    [Fact]
    public async Task An_export_signed_by_another_key_is_not_trusted()
    {
        var report = await ExportFormat.Verify(await Read(await Export()), Convert.ToBase64String(new byte[32]), default);

        Assert.False(report.Intact);
        Assert.Contains("checkpoint", report.Problem);
    }

    [Fact]
    public async Task A_reimported_export_gives_identical_views_and_an_identical_chain()
    {
        var contents = await Read(await Export());
        // As the audit import command does: into a store whose daemon is not running; then the service starts on it.
        await using (var importer = await DedicatedHost.Start("_import", new Dictionary<string, string>(AuditFixture.Settings) { ["Projections:Daemon"] = "Disabled" }))
            await importer.Host.Services.GetRequiredService<EventImporter>().Import(contents, default);
        await using var target = await DedicatedHost.Start("_import", AuditFixture.Settings, reset: false);
        await target.CaughtUp();

        Assert.Equal(await DedicatedHost.Views(audit.Store), await DedicatedHost.Views(target.Store));
        Assert.Equal(await Chain(audit.Store), await Chain(target.Store));
    }

    private static async Task<List<string>> Chain(IDocumentStore store)
    {
        await using var session = store.QuerySession();
        return (await session.Query<ChainLink>().OrderBy(l => l.Id).ToListAsync()).Select(l => $"{l.Id}:{l.Hash}").ToList();
    }
}
