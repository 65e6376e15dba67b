using System.Text;
using Campaign.Access;
using Campaign.Campaigns;
using Campaign.Confidentiality;
using Campaign.Defendants;
using Campaign.StaffConsole.SignIn;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.StaffConsole.Campaigns;

/// <summary>
/// A campaign's defendants as a spreadsheet (CSV), each column shown only to readers whom the API would show that field
/// (a legal name is confidential, a recorder internal). Partners cannot sign in, so they never export.
/// </summary>
[ConsoleAuthorize(Policies.Read)]
public sealed class ExportModel(IQuerySession session, Disclosure disclosure) : PageModel
{
    [FromRoute] public Guid CampaignId { get; set; }

    private static readonly (string Header, Classification Level, Func<DefendantView, string?> Value)[] Columns =
    [
        ("Id", Classification.Public, d => d.Id.ToString()),
        ("Name", Classification.Public, d => d.DisplayName),
        ("Legal name", Classification.Confidential, d => d.LegalName),
        ("Custody", Classification.Public, d => d.Custody is { } c ? Words.Plain(c.Status) : null),
        ("Custody since", Classification.Public, d => d.Custody?.Since.ToString("yyyy-MM-dd")),
        ("Place", Classification.Public, d => d.Custody?.Place ?? d.Detentions.LastOrDefault()?.Place),
        ("Current charges", Classification.Public, d => string.Join("; ", d.Charges.Where(c => c.IsCurrent).Select(c => c.Details.LegalBasis).Distinct())),
        ("Maximum penalties", Classification.Public, d => string.Join("; ", d.Charges.Where(c => c.IsCurrent).Select(c => c.Details.MaximumPenalty))),
        ("Next hearing", Classification.Public, d => d.Hearings.Select(h => h.ScheduledFor).Where(day => day >= DateOnly.FromDateTime(DateTime.UtcNow))
            .Min()?.ToString("yyyy-MM-dd")),
        ("Verdicts", Classification.Public, d => string.Join("; ", d.Verdicts.Select(v => $"{v.Outcome} {v.On:yyyy-MM-dd} {v.Sentence}".Trim()))),
    ];

    public async Task<IActionResult> OnGet(CancellationToken ct)
    {
        var campaign = await session.LoadAsync<CampaignView>(CampaignId, ct);
        if (campaign is null) return NotFound();
        var columns = Columns.Where(c => Disclosure.MaySee(User, c.Level)).ToList();
        var csv = new StringBuilder().Append(string.Join(",", columns.Select(c => Cell(c.Header)))).Append("\r\n");
        foreach (var stored in (await session.Query<DefendantView>().Where(d => d.CampaignId == CampaignId).ToListAsync(ct)).OrderBy(d => d.DisplayName))
        {
            var defendant = await disclosure.Shape(stored, User, ct);
            csv.Append(string.Join(",", columns.Select(c => Cell(c.Value(defendant))))).Append("\r\n");
        }
        var name = new string(campaign.Name.Select(ch => char.IsLetterOrDigit(ch) ? ch : '-').ToArray());
        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(), "text/csv; charset=utf-8",
            $"{name}-defendants-{DateTime.UtcNow:yyyy-MM-dd}.csv");
    }

    /// <summary>RFC 4180 quoting; a cell a spreadsheet would run as a formula is prefixed with an apostrophe.</summary>
    public static string Cell(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && "=+-@\t\r".Contains(text[0])) text = "'" + text;
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{text.Replace("\"", "\"\"")}\"" : text;
    }
}
