using Campaign.Auditing;
using Campaign.Auditing.Chain;
using Campaign.Auditing.Export;
using Campaign.Demo;
using Campaign.Tests.Auditing;
using Campaign.Tests.Support;

namespace Campaign.Tests.Evidence;

/// <summary>The audit export references each file by its hash, and a file is checked against an export offline.</summary>
[Collection(AuditCollection.Name)]
public sealed class EvidenceExportTests(AuditFixture audit) : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("evidence-export").FullName;

    public Task InitializeAsync() => audit.Reset();

    public Task DisposeAsync()
    {
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task In_the_Atajurt_case_a_court_document_attached_to_the_escalation_is_in_the_export_and_verifies_against_it_offline()
    {
        var (_, defendants, _) = await new AtajurtCase(audit.Staff.Client(), audit.Staff.Json, $"evidence:{Guid.NewGuid()}").Load();
        var defendant = defendants[0];
        var escalation = (await audit.Staff.Defendant(defendant)).Timeline.Single(t => t.Development == "ChargeEscalated").EventId;
        var ruling = EvidenceUploads.Pdf(100_000);
        var written = await audit.Staff.Attach(defendant, ruling, $"fileName=ruling.pdf&attachedTo={escalation}");
        await audit.Dedicated.CaughtUp();

        using var client = audit.Auditor.Client();
        var export = Path.Combine(folder, "export.ndjson");
        await File.WriteAllTextAsync(export, await client.GetStringAsync("/api/audit/export"));
        var key = (await audit.Auditor.Get<PublicKeyView>("/api/audit/public-key")).PublicKey;
        var attachment = Assert.Single(ExportFormat.AttachmentsOf(await ExportFormat.Read(File.OpenText(export)), written.Sha256));
        Assert.Equal((written.EvidenceId, defendant), (attachment.Id, attachment.StreamId));

        var file = Path.Combine(folder, "ruling.pdf");
        await File.WriteAllBytesAsync(file, ruling);
        Assert.True(await Verify(export, file, key));
        ruling[^1] ^= 1; // one bit changed: not the file the export recorded
        await File.WriteAllBytesAsync(file, ruling);
        Assert.False(await Verify(export, file, key));
    }

    private static Task<bool> Verify(string export, string file, string key) =>
        new AuditCommand().Execute(new AuditInput { Action = "verify-evidence", FileFlag = export, EvidenceFlag = file, PublicKeyFlag = key });
}
