using Campaign.Auditing.Export;
using Campaign.Auditing.Views;
using JasperFx.CommandLine;
using Marten;

namespace Campaign.Auditing;

public sealed class AuditInput : NetCoreInput
{
    [Description("verify (an export, offline), verify-evidence (a file against an export, offline), verify-views, rebuild or import")]
    public string Action { get; set; } = "";

    [Description("The export file (NDJSON) to verify or import")]
    public string? FileFlag { get; set; }

    [Description("The base64 Ed25519 public key to verify an export's checkpoints with")]
    public string? PublicKeyFlag { get; set; }

    [Description("An evidence file to check against the export (verify-evidence)")]
    public string? EvidenceFlag { get; set; }
}

/// <summary>
/// <c>audit verify --file export.ndjson --public-key KEY</c> verifies an export offline, without a database;
/// <c>audit verify-evidence --file export.ndjson --evidence court.pdf [--public-key KEY]</c> finds the attachments of that
/// file in the export (and verifies the export's chain when given the key); <c>audit rebuild</c> rebuilds every view from the events; <c>audit verify-views</c> rebuilds them into a shadow and lists
/// every difference with the live views; <c>audit import --file export.ndjson</c> loads an export into an empty store.
/// </summary>
[Description("Verifies, rebuilds and imports the event history", Name = "audit")]
public sealed class AuditCommand : JasperFxAsyncCommand<AuditInput>
{
    public override async Task<bool> Execute(AuditInput input)
    {
        switch (input.Action.ToLowerInvariant())
        {
            case "verify":
                using (var file = File.OpenText(input.FileFlag ?? throw new ArgumentException("audit verify needs --file")))
                {
                    var report = await ExportFormat.Verify(await ExportFormat.Read(file),
                        input.PublicKeyFlag ?? throw new ArgumentException("audit verify needs --public-key"), CancellationToken.None);
                    Console.WriteLine(report.Intact
                        ? $"Intact: {report.VerifiedUpTo} positions verified, {report.CheckpointsVerified} signed checkpoints."
                        : $"BROKEN at position {report.FirstMismatch}: {report.Problem}");
                    return report.Intact;
                }
            case "verify-evidence":
                return await VerifyEvidence(input);
            case "verify-views":
            {
                using var host = input.BuildHost();
                var differences = await host.Services.GetRequiredService<ViewVerifier>().Compare(CancellationToken.None);
                foreach (var d in differences) Console.WriteLine($"{d.View} {d.Id} {d.Path}: live {d.Live ?? "absent"}, rebuilt {d.Rebuilt ?? "absent"}");
                Console.WriteLine(differences.Count == 0 ? "Every view equals its rebuild from the events." : $"{differences.Count} differences.");
                return differences.Count == 0;
            }
            case "rebuild":
            {
                using var host = input.BuildHost();
                await Projections.RebuildAll(host.Services.GetRequiredService<IDocumentStore>(), CancellationToken.None);
                Console.WriteLine("Every view was rebuilt from the events.");
                return true;
            }
            case "import":
            {
                using var host = input.BuildHost();
                using var file = File.OpenText(input.FileFlag ?? throw new ArgumentException("audit import needs --file"));
                var count = await host.Services.GetRequiredService<EventImporter>().Import(await ExportFormat.Read(file), CancellationToken.None);
                Console.WriteLine($"Imported {count} events and rebuilt the views.");
                return true;
            }
            default:
                throw new ArgumentException("audit verify | verify-evidence | verify-views | rebuild | import");
        }
    }

    /// <summary>The file is evidence of the export when an attachment in it recorded its hash (in a chain that verifies, given the key).</summary>
    private static async Task<bool> VerifyEvidence(AuditInput input)
    {
        using var file = File.OpenText(input.FileFlag ?? throw new ArgumentException("audit verify-evidence needs --file (the export)"));
        var contents = await ExportFormat.Read(file);
        await using var evidence = File.OpenRead(input.EvidenceFlag ?? throw new ArgumentException("audit verify-evidence needs --evidence (the file)"));
        var sha256 = await ExportFormat.Sha256Of(evidence, CancellationToken.None);
        var attachments = ExportFormat.AttachmentsOf(contents, sha256);
        foreach (var e in attachments)
            Console.WriteLine($"Attached to defendant {e.StreamId} at position {e.Position} by {e.UserName} at {e.RecordedAt:O} (event {e.Id}).");
        if (attachments.Count == 0) Console.WriteLine($"NOT IN THE EXPORT: no attachment records SHA-256 {sha256}.");
        if (input.PublicKeyFlag is not { } key) return attachments.Count > 0;

        var report = await ExportFormat.Verify(contents, key, CancellationToken.None);
        Console.WriteLine(report.Intact
            ? $"The export's chain is intact: {report.VerifiedUpTo} positions verified, {report.CheckpointsVerified} signed checkpoints."
            : $"The export's chain is BROKEN at position {report.FirstMismatch}: {report.Problem}");
        return attachments.Count > 0 && report.Intact;
    }
}
