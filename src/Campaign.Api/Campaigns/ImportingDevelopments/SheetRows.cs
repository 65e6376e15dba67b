using System.Globalization;
using System.Text.RegularExpressions;
using Campaign.Defendants;
using Campaign.Defendants.ChangingCustody;
using Campaign.Defendants.DeliveringVerdicts;
using Campaign.Defendants.DroppingCharges;
using Campaign.Defendants.EscalatingCharges;
using Campaign.Defendants.FilingCharges;
using Campaign.Defendants.RecordingDetention;
using Campaign.Defendants.Registering;
using Campaign.Defendants.Releasing;
using Campaign.Defendants.SchedulingHearings;
using Campaign.Developments;

namespace Campaign.Campaigns.ImportingDevelopments;

/// <summary>
/// Turns a sheet's row into the API's command for its development, reporting what cannot be read (a day that is no day, an
/// unknown development, custody or outcome, a defendant the campaign does not have); the command's own validator judges the rest.
/// </summary>
public sealed partial class SheetRows(IReadOnlyDictionary<string, Guid[]> defendantsByName, bool registerNewDefendants)
{
    public List<ImportError> Errors { get; } = [];

    public ImportedRow? Read(SheetRow row)
    {
        var cells = new Cells(row, Errors);
        var kind = cells.Kind();
        if (kind is { } used)
            foreach (var column in DevelopmentSheet.Columns.Where(c => !c.IsUsedBy(used) && row[c.Name] is not null))
                Errors.Add(new ImportError(row.Row, column.Name, $"{("aeiou".Contains(Name(used)[0]) ? "An" : "A")} {Name(used)} does not use '{column.Name}': leave it empty."));
        var (defendantId, newDefendant) = Defendant(row);
        var on = cells.Day("occurred_on") ?? default;
        var source = new Source(cells["source_url"], cells["source_publisher"], cells.Day("source_published_on"),
            cells.YesNo("source_first_hand"), cells["source_note"], cells.Choice<SourceKind>("source_kind") ?? SourceKind.Media,
            cells.YesNo("source_confidential"));
        var charge = kind is DevelopmentKind.Charge or DevelopmentKind.Escalation ? cells.Charge() : null;
        return kind is null || defendantId is null && newDefendant is null ? null : Build();

        ImportedRow Build() => new ImportedRow(row.Row, defendantId, newDefendant) switch
        {
            var r when kind == DevelopmentKind.Detention => r with
            {
                Detention = new RecordDetention(on, cells["place"]!, cells["authority"], source,
                    cells.Choice<CustodyStatus>("custody") ?? CustodyStatus.PoliceCustody),
            },
            var r when kind == DevelopmentKind.Charge => r with { Charge = new FileCharge(on, charge, source) },
            var r when kind == DevelopmentKind.Escalation => r with
            {
                Escalation = new EscalateCharge(on, charge, cells["reason"]!, source), ChargeLegalBasis = cells["replaces_legal_basis"],
            },
            var r when kind == DevelopmentKind.Custody => r with
            {
                Custody = new ChangeCustody(on, cells.Choice<CustodyStatus>("custody"), cells["place"], cells["conditions"], source),
            },
            var r when kind == DevelopmentKind.Hearing => r with
            {
                Hearing = new ScheduleHearing(on, cells.Day("hearing_date"), cells["court"], cells["city"]!, cells["purpose"]!, source),
            },
            var r when kind == DevelopmentKind.Verdict => r with
            {
                Verdict = new DeliverVerdict(on, cells.Choice<VerdictOutcome>("outcome"), cells["sentence"], cells["court"], source),
                ChargeLegalBasis = cells["legal_basis"],
            },
            var r when kind == DevelopmentKind.Release => r with { Release = new Release(on, cells["conditions"], source) },
            var r => r with { Dropped = new DropCharge(on, cells["reason"], source), ChargeLegalBasis = cells["legal_basis"] },
        };
    }

    private (Guid?, RegisterDefendant?) Defendant(SheetRow row)
    {
        if (row["defendant"] is not { } name)
        {
            Errors.Add(new ImportError(row.Row, "defendant", "Name the defendant."));
            return (null, null);
        }
        switch (defendantsByName.GetValueOrDefault(DefendantNames.Key(name)) ?? [])
        {
            case [var id]:
                return (id, null);
            case []:
                if (registerNewDefendants) return (null, new RegisterDefendant(name.Normalize(System.Text.NormalizationForm.FormC), null));
                Errors.Add(new ImportError(row.Row, "defendant",
                    $"The campaign has no defendant named '{name}': check the name, or import with new defendants registered."));
                return (null, null);
            case var several:
                Errors.Add(new ImportError(row.Row, "defendant", $"{several.Length} defendants of the campaign are named '{name}'."));
                return (null, null);
        }
    }

    public static string Name(DevelopmentKind kind) => kind == DevelopmentKind.ChargeDropped ? "charge-dropped" : kind.ToString().ToLowerInvariant();

    /// <summary>
    /// The column of a row's field, named as the command's validator or decision names it after <c>rows[i].</c>
    /// (<c>detention.source.publishedOn</c> is <c>source_published_on</c>).
    /// </summary>
    public static string ColumnOf(ImportedRow row, string field)
    {
        var development = row.Property;
        var path = field == development ? "" : field.StartsWith($"{development}.", StringComparison.Ordinal) ? field[(development.Length + 1)..] : field;
        return path switch
        {
            "" or "development" => "development",
            "defendant" or "newDefendant" or "newDefendant.displayName" => "defendant",
            "occurredOn" => "occurred_on",
            "source" => "source_publisher",
            "status" or "custody" => "custody",
            "scheduledFor" => "hearing_date",
            "charge" or "charge.legalBasis" or "chargeIds" => "legal_basis",
            "chargeId" or "chargeLegalBasis" => row.Escalation is not null ? "replaces_legal_basis" : "legal_basis",
            "charge.kind" => "charge_kind",
            "charge.description" => "charge_description",
            "charge.maximumPenalty" => "maximum_penalty",
            _ when path.StartsWith("source.", StringComparison.Ordinal) => "source_" + Snake(path["source.".Length..]),
            _ => Snake(path),
        };
    }

    private static string Snake(string name) => Humps().Replace(name, "$1_$2").ToLowerInvariant();

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex Humps();

    /// <summary>A row's cells read as the command's values; what cannot be read is an error naming its column.</summary>
    private sealed class Cells(SheetRow row, List<ImportError> errors)
    {
        public string? this[string column] => row[column];

        public DevelopmentKind? Kind()
        {
            if (row["development"] is not { } text)
            {
                errors.Add(new ImportError(row.Row, "development", "Say which development the row records."));
                return null;
            }
            var kind = Enum.GetValues<DevelopmentKind>().Cast<DevelopmentKind?>().FirstOrDefault(k => Plain(Name(k!.Value)) == Plain(text));
            if (kind is null)
                errors.Add(new ImportError(row.Row, "development",
                    $"'{text}' is not a development: {string.Join(", ", Enum.GetValues<DevelopmentKind>().Select(Name))}."));
            return kind;
        }

        public DateOnly? Day(string column)
        {
            if (row[column] is not { } text) return null;
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
            errors.Add(new ImportError(row.Row, column, $"'{text}' is not a day written as YYYY-MM-DD."));
            return null;
        }

        public T? Choice<T>(string column) where T : struct, System.Enum
        {
            if (row[column] is not { } text) return null;
            foreach (var value in System.Enum.GetValues<T>())
                if (Plain(value.ToString()) == Plain(text)) return value;
            errors.Add(new ImportError(row.Row, column, $"'{text}' is not one of {string.Join(", ", System.Enum.GetNames<T>())}."));
            return null;
        }

        public bool YesNo(string column)
        {
            switch (row[column]?.ToLowerInvariant())
            {
                case null or "no" or "false" or "0": return false;
                case "yes" or "true" or "1": return true;
                default:
                    errors.Add(new ImportError(row.Row, column, $"'{row[column]}' is neither yes nor no."));
                    return false;
            }
        }

        /// <summary>The charge a charge or escalation row files; none when the row names none (the validator then says so).</summary>
        public ChargeDetails? Charge()
        {
            if (row["legal_basis"] is null && row["charge_kind"] is null && row["charge_description"] is null) return null;
            var kind = Choice<ChargeKind>("charge_kind");
            if (kind is null && row["charge_kind"] is null)
                errors.Add(new ImportError(row.Row, "charge_kind", "Say whether the charge is Administrative or Criminal."));
            return new ChargeDetails(row["legal_basis"]!, kind ?? default, row["charge_description"]!, row["maximum_penalty"]);
        }

        /// <summary>Lowercase, without spaces, hyphens or underscores: "Pretrial detention" is PretrialDetention.</summary>
        private static string Plain(string text) => new(text.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
    }
}
