using System.Text;
using System.Text.RegularExpressions;
using Campaign.Confidentiality;
using Campaign.Infrastructure.Validation;
using CsvHelper;
using static Campaign.Campaigns.ImportingDevelopments.DevelopmentKind;

namespace Campaign.Campaigns.ImportingDevelopments;

/// <summary>The developments a sheet's row may record, as its <c>development</c> column names them.</summary>
public enum DevelopmentKind { Detention, Charge, Escalation, Custody, Hearing, Verdict, Release, ChargeDropped }

/// <summary>A column of the sheet: its header, what it holds, and the developments that use it (none: every row).</summary>
public sealed record SheetColumn(string Name, string Meaning, params DevelopmentKind[] UsedBy)
{
    public bool IsUsedBy(DevelopmentKind kind) => UsedBy.Length == 0 || UsedBy.Contains(kind);
}

/// <summary>A problem with a row of a sheet, by its number as a spreadsheet shows it (the header is row 1; 0: the whole file).</summary>
public sealed record ImportError([property: Public] int Row, [property: Public] string Column, [property: Public] string Message);

/// <summary>A data row of a sheet: its number and its non-empty cells by column.</summary>
public sealed record SheetRow(int Row, IReadOnlyDictionary<string, string> Cells)
{
    public string? this[string column] => Cells.GetValueOrDefault(column);
}

/// <summary>
/// The spreadsheet of developments: one row per defendant and fact, the columns below (any order, any case; those a
/// development does not use left empty), read as CSV (RFC 4180 quoting; UTF-8 with or without a byte order mark; the
/// separator found from the header: comma, semicolon, tab or bar). Documented in docs/import.md.
/// </summary>
public static class DevelopmentSheet
{
    public const int MaxBytes = 512 * 1024;

    public static readonly IReadOnlyList<SheetColumn> Columns =
    [
        new("defendant", "The defendant's name as the campaign shows it (display name)."),
        new("development", "detention, charge, escalation, custody, hearing, verdict, release or charge-dropped."),
        new("occurred_on", "The day it happened, YYYY-MM-DD."),
        new("place", "Where the defendant was detained, or is held after a custody change.", Detention, Custody),
        new("authority", "Who detained them (police, security service).", Detention),
        new("custody", "PoliceCustody, AdministrativeDetention, PretrialDetention, HouseArrest or ServingSentence (a detention: PoliceCustody when empty).", Detention, Custody),
        new("conditions", "Conditions of house arrest or of a conditional release.", Custody, Release),
        new("legal_basis", "A charge's or an escalation's legal basis; for charge-dropped the charge dropped; for a verdict, optionally the one charge ruled on.", Charge, Escalation, ChargeDropped, Verdict),
        new("charge_kind", "Administrative or Criminal.", Charge, Escalation),
        new("charge_description", "What the charge says, e.g. Inciting ethnic or national discord.", Charge, Escalation),
        new("maximum_penalty", "The charge's maximum penalty.", Charge, Escalation),
        new("replaces_legal_basis", "The legal basis of the pending charge an escalation replaces.", Escalation),
        new("reason", "Why a charge was escalated (required) or dropped.", Escalation, ChargeDropped),
        new("hearing_date", "The day of the hearing, YYYY-MM-DD, when announced.", Hearing),
        new("court", "The court of a hearing or a verdict.", Hearing, Verdict),
        new("city", "The city of the hearing.", Hearing),
        new("purpose", "What the hearing is, e.g. Opening of the trial.", Hearing),
        new("outcome", "Convicted or Acquitted.", Verdict),
        new("sentence", "The sentence of a conviction.", Verdict),
        new("source_publisher", "Who published the source (required unless first-hand)."),
        new("source_url", "The source's address, https://…"),
        new("source_published_on", "The day the source was published, YYYY-MM-DD (required unless first-hand)."),
        new("source_kind", "Media, NgoReport, OfficialStatement, CourtDocument, Lawyer, Relative, Witness or Other (Media when empty)."),
        new("source_first_hand", "yes when the NGO's own people witnessed it; then publisher and date may be empty."),
        new("source_confidential", "yes for a source to protect (a witness, a relative): partners see only its kind."),
        new("source_note", "A note on the source, kept internal (confidential with a confidential source)."),
    ];

    public static readonly string[] Required = ["defendant", "development", "occurred_on"];

    /// <summary>The sheet as the API document describes a request's body.</summary>
    public static string Described =>
        $"The sheet as CSV (RFC 4180 quoting; UTF-8 with or without a byte order mark; comma, semicolon, tab or bar between cells), " +
        $"at most {MaxBytes / 1024} KiB and {ImportDevelopments.MaxRows} rows, one per defendant and development; the header names its " +
        $"columns, in any order (required: {string.Join(", ", Required)}); days are YYYY-MM-DD. The columns (see also " +
        $"GET /api/imports/template and docs/import.md):\n\n" +
        string.Join("\n", Columns.Select(c => $"- `{c.Name}`: {c.Meaning}" +
            (c.UsedBy.Length == 0 ? " Every row." : $" Used by {string.Join(", ", c.UsedBy.Select(SheetRows.Name))}.")));

    /// <summary>The template: the header, then the Atajurt 19 case's detention, charge and escalation for its first defendant.</summary>
    public static byte[] Template()
    {
        string[][] examples =
        [
            ["Atajurt defendant 01 (placeholder)", "detention", "2025-11-13", "Near the Kazakhstan–China border, Almaty region", "Police", "PoliceCustody",
                "", "", "", "", "", "", "", "", "", "", "", "", "", "JURIST", "", "2026-01-22", "Media", "", "", ""],
            ["Atajurt defendant 01 (placeholder)", "charge", "2025-11-13", "", "", "", "", "Code of Administrative Offences (hooliganism)", "Administrative",
                "Hooliganism", "A fine and up to 15 days' administrative detention", "", "", "", "", "", "", "", "", "JURIST", "", "2026-01-22", "Media", "", "", ""],
            ["Atajurt defendant 01 (placeholder)", "escalation", "2026-01-22", "", "", "", "", "Criminal Code Art. 174", "Criminal",
                "Inciting ethnic or national discord", "Up to 10 years' imprisonment", "Code of Administrative Offences (hooliganism)",
                "Reportedly after a diplomatic note from the Chinese authorities", "", "", "", "", "", "", "JURIST", "", "2026-01-22", "Media", "", "", ""],
        ];
        var csv = new StringBuilder();
        foreach (var line in examples.Prepend(Columns.Select(c => c.Name).ToArray()))
            csv.Append(string.Join(",", line.Select(StaffConsole.Campaigns.ExportModel.Cell))).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    /// <summary>The template as text, the API document's example of a sheet.</summary>
    public static string TemplateText => Encoding.UTF8.GetString(Template()).TrimStart('\uFEFF');

    /// <summary>The rows of a CSV file, and what makes the file or a row unreadable (bad quoting, unknown columns, a row too long).</summary>
    public static (IReadOnlyList<SheetRow> Rows, IReadOnlyList<ImportError> Errors) Read(byte[] file)
    {
        var errors = new List<ImportError>();
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(file).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return ([], [new ImportError(0, "", "The file is not UTF-8 text: save the spreadsheet as \"CSV UTF-8\".")]);
        }

        var options = CsvReaderOptions.Default with
        {
            MaxRecordSize = MaxBytes,
            OnMalformedRecord = malformed => errors.Add(new ImportError((int)malformed.RecordNumber, "",
                $"The row is not well-formed CSV ({Regex.Replace(malformed.Reason.ToString(), "(?<=[a-z])(?=[A-Z])", " ").ToLowerInvariant()}): check its quotes.")),
        };
        using var reader = CsvReader.FromText(text, options);
        var rows = new List<SheetRow>();
        var headers = reader.Headers.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        if (headers.Length == 0 || headers.All(h => h.Length == 0)) return ([], [new ImportError(0, "", "The file is empty: it needs the header row.")]);
        foreach (var unknown in headers.Where(h => Columns.All(c => c.Name != h)))
            errors.Add(new ImportError(1, unknown, $"'{unknown}' is not a column of the sheet (see the template)."));
        foreach (var twice in headers.GroupBy(h => h).Where(g => g.Count() > 1 && g.Key.Length > 0))
            errors.Add(new ImportError(1, twice.Key, $"The column '{twice.Key}' appears {twice.Count()} times."));
        foreach (var missing in Required.Where(r => !headers.Contains(r)))
            errors.Add(new ImportError(1, missing, $"The column '{missing}' is required."));

        while (reader.Read())
        {
            var row = (int)reader.RowNumber + 1;
            if (reader.FieldCount > headers.Length)
                errors.Add(new ImportError(row, "", $"The row has {reader.FieldCount} cells, the header {headers.Length}."));
            var cells = new Dictionary<string, string>();
            for (var i = 0; i < Math.Min(reader.FieldCount, headers.Length); i++)
            {
                if (reader.GetString(i)?.Trim() is not { Length: > 0 } value) continue;
                if (StorableText.IsStorable(value)) cells.TryAdd(headers[i], value);
                else errors.Add(new ImportError(row, headers[i], $"The cell {StorableText.Problem}"));
            }
            if (cells.Count == 0) continue; // a row left empty in the spreadsheet says nothing
            if (rows.Count == ImportDevelopments.MaxRows)
                return (rows, [.. errors, new ImportError(row, "", $"A sheet has at most {ImportDevelopments.MaxRows} rows: split it.")]);
            rows.Add(new SheetRow(row, cells));
        }
        if (rows.Count == 0 && errors.Count == 0) errors.Add(new ImportError(0, "", "The file has no rows under its header."));
        return (rows, errors);
    }
}

/// <summary>How a row's defendant is found among the campaign's: by name, trimmed, spaces collapsed, Unicode-normalised (NFC), any case.</summary>
public static partial class DefendantNames
{
    public static string Key(string name) => Spaces().Replace(name.Normalize(NormalizationForm.FormC).Trim(), " ").ToUpperInvariant();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
