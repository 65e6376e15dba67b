using System.Security.Claims;
using System.Security.Cryptography;
using Campaign.Confidentiality;
using Campaign.Defendants;
using Campaign.Infrastructure.Validation;
using Campaign.Infrastructure.Writing;
using FluentValidation;
using Marten;

namespace Campaign.Campaigns.ImportingDevelopments;

/// <summary>What checking (and applying) a sheet found: its hash and rows, whom it registers, and every error by row and column.</summary>
/// <param name="Applied">Whether its developments were recorded by this request.</param>
/// <param name="AlreadyImported">Whether the same file was imported into the campaign before; then nothing is recorded again.</param>
/// <param name="Written">When applied: each defendant's stream written, its version, and the sequence to read the campaign view at.</param>
public sealed record ImportReport(
    [property: Public] Guid CampaignId,
    [property: Public] string FileSha256,
    [property: Public] int Rows,
    [property: Public] IReadOnlyList<string> NewDefendants,
    [property: Public] IReadOnlyList<ImportError> Errors,
    [property: Public] bool AlreadyImported,
    [property: Public] string? Message,
    [property: Public] bool Applied = false,
    [property: Public] BulkWriteResult? Written = null);

/// <summary>
/// Checks a sheet against a campaign (the dry run) and applies it on the write path (<see cref="Commands.Send{T}"/>, as the
/// person importing), the API and the console alike. The errors are those of the sheet's reading, of the API's validators
/// and of the decisions on each defendant's case, each put back on the row and column it came from.
/// </summary>
public sealed class Importer(IQuerySession session, IValidator<ImportDevelopments> validator, Commands commands)
{
    public async Task<ImportReport> Check(Guid campaignId, byte[] file, string? fileName, bool registerNewDefendants, CancellationToken ct) =>
        (await Prepare(campaignId, file, fileName, registerNewDefendants, ct)).Report;

    /// <summary>Records the sheet all or nothing, unless it has errors or was imported before (then the report says so).</summary>
    public async Task<ImportReport> Apply(Guid campaignId, byte[] file, string? fileName, bool registerNewDefendants, ClaimsPrincipal user,
        CancellationToken ct)
    {
        var (report, command) = await Prepare(campaignId, file, fileName, registerNewDefendants, ct);
        if (report.AlreadyImported || report.Errors.Count > 0) return report;
        try
        {
            var written = await commands.Send<BulkWriteResult>(command!, user, ct: ct);
            return report with { Applied = true, Written = written, Message = $"{report.Rows} developments recorded." };
        }
        catch (FileAlreadyImported already) // by someone else at the same moment
        {
            return report with { AlreadyImported = true, Message = already.Message };
        }
        catch (InvalidCommand invalid) // the case changed between the check and the write
        {
            return Report(campaignId, report.FileSha256, report.NewDefendants,
                invalid.Errors.SelectMany(e => e.Value.Select(message => ErrorOf(command!, e.Key, message))), report.Rows);
        }
    }

    private async Task<(ImportReport Report, ImportDevelopments? Command)> Prepare(Guid campaignId, byte[] file, string? fileName,
        bool registerNewDefendants, CancellationToken ct)
    {
        if (await session.LoadAsync<CampaignState>(campaignId, ct) is null) throw new NotFound("campaign", campaignId);
        fileName = fileName?.Trim() is { Length: > 0 } name && StorableText.IsStorable(name) ? name[..Math.Min(name.Length, 300)] : null;
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(file));
        if (await session.LoadAsync<ImportedFile>(ImportedFile.IdOf(campaignId, sha256), ct) is { } earlier)
            return (new ImportReport(campaignId, sha256, earlier.Rows, [], [], true, earlier.Describe()), null);
        if (file.Length > DevelopmentSheet.MaxBytes)
            return (Report(campaignId, sha256, [], [new ImportError(0, "", $"The file is larger than {DevelopmentSheet.MaxBytes / 1024} KiB: split it.")]), null);

        var (sheet, errors) = DevelopmentSheet.Read(file);
        var defendants = await session.Query<Defendant>().Where(d => d.CampaignId == campaignId).ToListAsync(ct);
        var byName = defendants.GroupBy(d => DefendantNames.Key(d.DisplayName)).ToDictionary(g => g.Key, g => g.Select(d => d.Id).ToArray());
        var reading = new SheetRows(byName, registerNewDefendants);
        var rows = sheet.Select(reading.Read).OfType<ImportedRow>().ToList();
        var command = new ImportDevelopments(sha256, fileName, rows) { CampaignId = campaignId };

        var found = errors.Concat(reading.Errors).ToList();
        try
        {
            EventSealer.RefuseSealedLookalikes(command); // as the write path refuses them, before the validators
        }
        catch (InvalidReference sealedLookalike)
        {
            found.Add(ErrorOf(command, sealedLookalike.Field, sealedLookalike.Message));
        }
        found.AddRange((await validator.ValidateAsync(command, ct)).Errors
            .Where(e => e.PropertyName.StartsWith("rows[", StringComparison.Ordinal)) // the file's own are said by its reading
            .Select(e => ErrorOf(command, e.PropertyName, e.ErrorMessage)));
        if (rows.Count > 0)
        {
            // Decided only on rows that are otherwise sound, as the write would decide them.
            var sound = command with { Rows = rows.Where(r => found.All(e => e.Row != r.Row)).ToList() };
            var decision = ImportDecision.Make(sound, defendants.ToDictionary(d => d.Id));
            found.AddRange(decision.Errors.Select(e => ErrorOf(sound, $"rows[{e.Index}].{e.Field}", e.Message)));
        }
        var newcomers = rows.Where(r => r.NewDefendant is not null).Select(r => r.NewDefendant!.DisplayName.Trim()).DistinctBy(DefendantNames.Key).ToList();
        return (Report(campaignId, sha256, newcomers, found, rows.Count), command);
    }

    private static ImportReport Report(Guid campaignId, string sha256, IReadOnlyList<string> newcomers, IEnumerable<ImportError> errors, int rows = 0)
    {
        // One error per cell: what could not be read is not judged again by the validators.
        var listed = errors.DistinctBy(e => (e.Row, e.Column)).OrderBy(e => e.Row).ToList();
        var message = listed.Count == 0 ? $"{rows} rows can be imported."
            : $"{listed.Count} error{(listed.Count == 1 ? "" : "s")}: nothing can be imported until {(listed.Count == 1 ? "it is" : "they are")} corrected.";
        return new ImportReport(campaignId, sha256, rows, newcomers, listed, false, message);
    }

    /// <summary>
    /// An error naming <c>rows[i].field</c> of the command, on the sheet's row and column, its message naming the column
    /// (<c>'occurredOn' cannot be in the future</c> is said of <c>'occurred_on'</c>); any other, on the file.
    /// </summary>
    private static ImportError ErrorOf(ImportDevelopments command, string path, string message)
    {
        if (!path.StartsWith("rows[", StringComparison.Ordinal)) return new ImportError(0, "", message);
        var close = path.IndexOf(']', StringComparison.Ordinal);
        var row = command.Rows[int.Parse(path[5..close], System.Globalization.CultureInfo.InvariantCulture)];
        var field = path[(close + 1)..].TrimStart('.');
        var column = SheetRows.ColumnOf(row, field);
        return new ImportError(row.Row, column, message.Replace($"'{field[(field.LastIndexOf('.') + 1)..]}'", $"'{column}'", StringComparison.Ordinal));
    }
}
