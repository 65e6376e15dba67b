using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using Campaign.Access;
using Campaign.Auditing.History;
using Campaign.Campaigns.ImportingDevelopments;
using Campaign.Defendants;
using Campaign.Demo;
using Campaign.Infrastructure.Writing;
using Campaign.Tests.Support;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Http;

/// <summary>Spreadsheets of developments: checked first, then recorded all or nothing, once per file.</summary>
[Collection(AppCollection.Name)]
public sealed class ImportTests(AppFixture app)
{
    private readonly Api api = app.Api;

    private const string Header = "defendant,development,occurred_on,place,authority,source_publisher,source_published_on";
    private const string Place = "\"Near the Kazakhstan–China border, Almaty region\"";

    private static string Detention(string name, string on = "2025-11-13") => $"{name},detention,{on},{Place},Police,JURIST,2026-01-22";

    private static byte[] Sheet(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n");

    private async Task<(Guid Campaign, List<Guid> Defendants)> Atajurt19()
    {
        var campaign = await api.LaunchCampaign("Atajurt 19");
        var defendants = new List<Guid>();
        for (var n = 1; n <= 19; n++) defendants.Add(await api.RegisterDefendant(campaign, AtajurtCase.Defendant(n).DisplayName));
        return (campaign, defendants);
    }

    private static byte[] Detentions19(Func<int, string>? line = null) =>
        Sheet([Header, .. Enumerable.Range(1, 19).Select(n => line?.Invoke(n) ?? Detention(AtajurtCase.Defendant(n).DisplayName))]);

    private async Task<(HttpStatusCode Status, string Body)> Post(string url, byte[] file, Api? who = null)
    {
        using var content = new ByteArrayContent(file);
        content.Headers.ContentType = new("text/csv");
        using var response = await (who ?? api).Client().PostAsync(url, content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<ImportReport> DryRun(Guid campaign, byte[] file, bool createDefendants = false)
    {
        var (status, body) = await Post($"/api/campaigns/{campaign}/imports/dry-run?createDefendants={createDefendants}", file);
        Assert.True(status == HttpStatusCode.OK, body);
        return System.Text.Json.JsonSerializer.Deserialize<ImportReport>(body, api.Json)!;
    }

    private async Task<ImportReport> Import(Guid campaign, byte[] file, bool createDefendants = false)
    {
        var (status, body) = await Post($"/api/campaigns/{campaign}/imports?createDefendants={createDefendants}&fileName=atajurt.csv", file);
        Assert.True(status == HttpStatusCode.OK, body);
        return System.Text.Json.JsonSerializer.Deserialize<ImportReport>(body, api.Json)!;
    }

    private async Task<ValidationProblemDetails> Refused(Guid campaign, byte[] file, bool createDefendants = false)
    {
        var (status, body) = await Post($"/api/campaigns/{campaign}/imports?createDefendants={createDefendants}", file);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        return System.Text.Json.JsonSerializer.Deserialize<ValidationProblemDetails>(body, api.Json)!;
    }

    [Fact]
    public async Task The_19_Atajurt_detentions_import_in_one_step_attributed_to_the_person_importing_and_only_once()
    {
        var (campaign, defendants) = await Atajurt19();
        // Names as people type them: another case, spaces around and between words.
        var file = Detentions19(n => Detention(n % 2 == 0 ? $"  {AtajurtCase.Defendant(n).DisplayName.ToUpperInvariant()} " : AtajurtCase.Defendant(n).DisplayName.Replace(" ", "  ")));

        var checkedFirst = await DryRun(campaign, file);
        Assert.Empty(checkedFirst.Errors);
        Assert.Equal(19, checkedFirst.Rows);
        Assert.Equal(19, await app.EventCount(defendants)); // the dry run records nothing

        var imported = await Import(campaign, file);

        Assert.True(imported.Applied);
        Assert.Equal(defendants.Order(), imported.Written!.Defendants.Select(d => d.Id).Order());
        var view = await api.Campaign(campaign, imported.Written.Sequence);
        Assert.Equal(19, view.DefendantsByCustody[CustodyStatus.PoliceCustody]);
        var detention = Assert.Single((await api.Defendant(defendants[7])).Detentions);
        Assert.Equal("Near the Kazakhstan–China border, Almaty region", detention.Place);

        var history = await app.Admin.Get<List<HistoryEntry>>($"/api/streams/{defendants[7]}/events");
        var recorded = history.Single(h => h.Type == "DetentionRecorded");
        Assert.Equal("staff@test", recorded.RecordedBy);
        Assert.Equal(checkedFirst.FileSha256, recorded.Headers![ImportDevelopmentsHandler.FileHeader].ToString());

        var again = await Import(campaign, file);
        Assert.True(again.AlreadyImported);
        Assert.False(again.Applied);
        Assert.Contains("already imported", again.Message);
        Assert.Equal(19 * 2, await app.EventCount(defendants));
    }

    [Fact]
    public async Task A_sheet_with_one_bad_row_imports_nothing_and_names_the_row()
    {
        var (campaign, defendants) = await Atajurt19();
        var file = Detentions19(n => n == 8 ? Detention(AtajurtCase.Defendant(n).DisplayName, on: "2025-13-40") : null!);

        var report = await DryRun(campaign, file);
        var error = Assert.Single(report.Errors);
        Assert.Equal((9, "occurred_on"), (error.Row, error.Column)); // the header is row 1

        var problem = await Refused(campaign, file);
        Assert.Equal(["row 9: occurred_on"], problem.Errors.Keys);
        Assert.Equal(19, await app.EventCount(defendants));
    }

    [Fact]
    public async Task Rows_are_judged_by_the_API_s_own_validators_and_decisions_each_error_on_its_row_and_column()
    {
        var (campaign, defendants) = await Atajurt19();
        var name = AtajurtCase.Defendant(1).DisplayName;
        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3).ToString("yyyy-MM-dd");
        var file = Sheet(
            "defendant,development,occurred_on,place,replaces_legal_basis,legal_basis,charge_kind,charge_description,reason,source_publisher,source_published_on,custody,colour",
            $"{name},detention,2025-11-13,Almaty,,,,,,,2026-01-22,,",               // no publisher, not first-hand: the Source validator
            $"{name},escalation,2026-01-22,,Art. 1,Art. 174,Criminal,Discord,Note,JURIST,2026-01-22,,", // no pending charge under Art. 1: the decision
            $"{name},custody,{tomorrow},,,,,,,JURIST,2026-01-22,Jail,",                // a custody that is none, a day in the future
            $"{name},arrest,2026-01-22,,,,,,,JURIST,2026-01-22,,",                      // no such development
            $"Nobody,release,2026-01-22,,,,,,,JURIST,2026-01-22,,",                     // no such defendant
            $"{name},release,2026-01-22,Almaty,,,,,,JURIST,2026-01-22,,");             // a column a release does not use

        var report = await DryRun(campaign, file);

        Assert.Equal(
            [(1, "colour"), (2, "source_publisher"), (3, "replaces_legal_basis"), (4, "custody"), (4, "occurred_on"), (5, "development"),
                (6, "defendant"), (7, "place")],
            report.Errors.Select(e => (e.Row, e.Column)).Order().ToList());
        Assert.Contains("publisher unless it is first-hand", report.Errors.Single(e => e.Row == 2).Message);
        Assert.Equal("'occurred_on' cannot be in the future.", report.Errors.Single(e => (e.Row, e.Column) == (4, "occurred_on")).Message);
        Assert.Contains("0 pending charges under Art. 1", report.Errors.Single(e => e.Row == 3).Message);
        Assert.Equal(19, await app.EventCount(defendants));
    }

    [Fact]
    public async Task New_defendants_are_registered_in_the_same_write_when_asked_and_names_match_whatever_their_form()
    {
        var campaign = await api.LaunchCampaign("Names");
        var existing = await api.RegisterDefendant(campaign, "Әлия Қасымова");
        // Decomposed Й (И + breve), another case, a byte order mark, semicolons (a Kazakh or Russian Excel), a quoted line break.
        var file = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(string.Join("\r\n",
            "defendant;development;occurred_on;place;legal_basis;charge_kind;charge_description;replaces_legal_basis;reason;source_kind;source_first_hand;source_note",
            "ӘЛИЯ ҚАСЫМОВА;detention;2025-11-13;Алматы;;;;;;Witness;yes;\"Seen by our monitor,\nat the border\"",
            "Ерлан Аи\u0306тжанұлы;charge;2025-11-13;;Hooliganism;Administrative;Hooliganism;;;;yes;",
            "ерлан   айтжанұлы;escalation;2026-01-22;;Art. 174;Criminal;Discord;hooliganism;A diplomatic note;;yes;",
            " Ерлан Айтжанұлы ;detention;2025-11-13;Алматы;;;;;;;yes;") + "\r\n")).ToArray();

        var refused = await DryRun(campaign, file);
        Assert.Equal([3, 4, 5], refused.Errors.Where(e => e.Column == "defendant").Select(e => e.Row));

        var report = await DryRun(campaign, file, createDefendants: true);
        Assert.Empty(report.Errors);
        Assert.Equal(["Ерлан Айтжанұлы"], report.NewDefendants);

        var imported = await Import(campaign, file, createDefendants: true);

        var newcomer = Assert.Single(imported.Written!.Defendants, d => d.Id != existing).Id;
        Assert.Equal(4, imported.Written.Defendants.Single(d => d.Id == newcomer).Version); // registered, charged, escalated, detained
        var view = await api.Defendant(newcomer);
        Assert.Equal("Ерлан Айтжанұлы", view.DisplayName);
        Assert.Equal("Art. 174", Assert.Single(view.Charges, c => c.IsCurrent).Details.LegalBasis);
        var witnessed = (await app.Admin.Get<List<HistoryEntry>>($"/api/streams/{existing}/events")).Single(h => h.Type == "DetentionRecorded");
        Assert.Equal("Seen by our monitor,\nat the border", witnessed.Source!.Note);
        Assert.Equal(Campaign.Developments.SourceKind.Witness, witnessed.Source.Kind);
    }

    [Fact]
    public async Task Every_development_the_API_accepts_can_be_imported_each_row_decided_on_the_rows_before_it()
    {
        var campaign = await api.LaunchCampaign();
        var first = await api.RegisterDefendant(campaign, "First");
        var second = await api.RegisterDefendant(campaign, "Second");
        string[] columns = ["defendant", "development", "occurred_on", "place", "custody", "conditions", "legal_basis", "charge_kind",
            "charge_description", "replaces_legal_basis", "reason", "hearing_date", "court", "city", "purpose", "outcome", "sentence", "source_first_hand"];
        string Row(params (string Column, string Value)[] cells) =>
            string.Join(",", columns.Select(c => ExportCell(cells.FirstOrDefault(x => x.Column == c).Value)));
        var file = Sheet(string.Join(",", columns),
            Row(("defendant", "First"), ("development", "detention"), ("occurred_on", "2025-11-13"), ("place", "Almaty"), ("source_first_hand", "yes")),
            Row(("defendant", "First"), ("development", "charge"), ("occurred_on", "2025-11-13"), ("legal_basis", "Hooliganism"),
                ("charge_kind", "Administrative"), ("charge_description", "Hooliganism"), ("source_first_hand", "yes")),
            Row(("defendant", "First"), ("development", "charge"), ("occurred_on", "2025-11-14"), ("legal_basis", "Art. 272"),
                ("charge_kind", "criminal"), ("charge_description", "Spreading false information"), ("source_first_hand", "yes")),
            Row(("defendant", "First"), ("development", "escalation"), ("occurred_on", "2026-01-22"), ("legal_basis", "Art. 174"),
                ("charge_kind", "Criminal"), ("charge_description", "Discord"), ("replaces_legal_basis", "hooliganism"), ("reason", "A diplomatic note"),
                ("source_first_hand", "yes")),
            Row(("defendant", "First"), ("development", "custody"), ("occurred_on", "2026-01-22"), ("custody", "Pretrial detention"),
                ("place", "Taldykorgan remand prison"), ("source_first_hand", "yes")),
            Row(("defendant", "First"), ("development", "hearing"), ("occurred_on", "2026-01-22"), ("hearing_date", "2026-03-02"), ("court", "City court"),
                ("city", "Taldykorgan"), ("purpose", "Opening of the trial"), ("source_first_hand", "yes")),
            Row(("defendant", "Second"), ("development", "hearing"), ("occurred_on", "2026-01-22"), ("hearing_date", "2026-03-02"), ("court", "City court"),
                ("city", "Taldykorgan"), ("purpose", "Opening of the trial"), ("source_first_hand", "yes")),
            Row(("defendant", "First"), ("development", "charge-dropped"), ("occurred_on", "2026-03-02"), ("legal_basis", "Art. 272"),
                ("reason", "Withdrawn by the prosecutor"), ("source_first_hand", "yes")),
            Row(("defendant", "First"), ("development", "verdict"), ("occurred_on", "2026-03-10"), ("legal_basis", "Art. 174"), ("outcome", "Convicted"),
                ("sentence", "5 years"), ("court", "City court"), ("source_first_hand", "yes")),
            Row(("defendant", "First"), ("development", "release"), ("occurred_on", "2026-03-11"), ("conditions", "Travel ban"), ("source_first_hand", "yes")));

        var imported = await Import(campaign, file);

        var view = await api.Defendant(first);
        Assert.Equal(
            [("Hooliganism", ChargeStatus.Replaced), ("Art. 272", ChargeStatus.Dropped), ("Art. 174", ChargeStatus.Convicted)],
            view.Charges.Select(c => (c.Details.LegalBasis, c.Status)));
        Assert.Equal("5 years", Assert.Single(view.Verdicts).Sentence);
        Assert.Equal([CustodyStatus.PoliceCustody, CustodyStatus.PretrialDetention, CustodyStatus.ReleasedWithConditions],
            view.CustodyHistory.Select(c => c.Status));
        var hearing = Assert.Single((await api.Campaign(campaign, imported.Written!.Sequence)).Hearings);
        Assert.Equal([first, second], hearing.DefendantIds.Order());
    }

    private static string ExportCell(string? value) => Campaign.StaffConsole.Campaigns.ExportModel.Cell(value);

    [Fact]
    public async Task With_one_bad_row_even_the_new_defendants_are_not_registered()
    {
        var campaign = await api.LaunchCampaign("Nothing registered");
        var file = Sheet(Header, Detention("Новый Человек"), Detention("Another Newcomer", on: "13/11/2025"));

        var problem = await Refused(campaign, file, createDefendants: true);

        Assert.Equal(["row 3: occurred_on"], problem.Errors.Keys);
        await using var session = app.Store.QuerySession();
        Assert.Equal(0, await Marten.QueryableExtensions.CountAsync(session.Query<Defendant>().Where(d => d.CampaignId == campaign)));
    }

    [Fact]
    public async Task The_write_itself_is_all_or_nothing_and_takes_a_file_once()
    {
        var campaign = await api.LaunchCampaign();
        var held = await api.RegisterDefendant(campaign, "Held");
        var free = await api.RegisterDefendant(campaign, "Never detained");
        var sha = new string('a', 64);
        ImportDevelopments Command(params ImportedRow[] rows) => new(sha, "direct.csv", rows) { CampaignId = campaign };
        var detained = new ImportedRow(2, held, Detention: Cases.Detention());
        var newcomer = new ImportedRow(3, null, new Campaign.Defendants.Registering.RegisterDefendant("Newcomer", null), Detention: Cases.Detention());
        var release = new ImportedRow(4, free, Release: new Campaign.Defendants.Releasing.Release(Cases.Jan22, null, Cases.Report));

        // Passed the checks, then the case says no (no custody to release from): the decision is the handler's, in the write.
        var refused = await Assert.ThrowsAsync<InvalidCommand>(() => Send(Command(detained, newcomer, release)));

        Assert.Equal(["rows[2].development"], refused.Errors.Keys);
        Assert.Equal(2, await app.EventCount(held, free));
        await using (var session = app.Store.QuerySession())
            Assert.Equal(2, await Marten.QueryableExtensions.CountAsync(session.Query<Defendant>().Where(d => d.CampaignId == campaign)));

        var written = await Send(Command(detained, newcomer));
        Assert.Equal(2, written.Defendants.Count);
        var again = await Assert.ThrowsAsync<FileAlreadyImported>(() => Send(Command(detained, newcomer)));
        Assert.Contains("already imported", again.Message);
    }

    private async Task<BulkWriteResult> Send(ImportDevelopments command)
    {
        await using var scope = app.Host.Services.CreateAsyncScope();
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "importer@test"), new Claim(ClaimTypes.Role, Role.Staff.RoleName())], "test"));
        return await scope.ServiceProvider.GetRequiredService<Commands>().Send<BulkWriteResult>(command, user);
    }

    [Fact]
    public async Task The_template_is_a_sheet_that_imports()
    {
        var campaign = await api.LaunchCampaign();
        var defendant = await api.RegisterDefendant(campaign, AtajurtCase.Defendant(1).DisplayName);
        using var response = await api.Client().GetAsync("/api/imports/template");
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        var template = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(string.Join(",", DevelopmentSheet.Columns.Select(c => c.Name)), Encoding.UTF8.GetString(template).TrimStart('\uFEFF').Split("\r\n")[0]);

        var imported = await Import(campaign, template);

        var view = await api.Defendant(defendant);
        Assert.Equal(3, imported.Rows);
        Assert.Equal("Criminal Code Art. 174", Assert.Single(view.Charges, c => c.IsCurrent).Details.LegalBasis);
    }

    [Fact]
    public void Every_column_of_the_sheet_is_documented_with_the_developments_that_use_it()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory!.FullName, "Campaign.sln"))) directory = directory.Parent;
        var docs = File.ReadAllText(Path.Combine(directory.FullName, "docs", "import.md"));

        foreach (var column in DevelopmentSheet.Columns)
            Assert.Matches($"\\| `{column.Name}` \\| [^|]+ \\| {(column.UsedBy.Length == 0 ? "every row" : string.Join(", ", column.UsedBy.Select(SheetRows.Name)))} \\|", docs);
    }

    [Fact]
    public async Task The_API_document_describes_the_sheet_column_by_column()
    {
        var document = System.Text.Json.JsonDocument.Parse(await api.Client().GetStringAsync("/openapi/v1.json")).RootElement;

        foreach (var path in new[] { "/api/campaigns/{id}/imports", "/api/campaigns/{id}/imports/dry-run" })
        {
            var body = document.GetProperty("paths").GetProperty(path).GetProperty("post").GetProperty("requestBody");
            var described = body.GetProperty("description").GetString()!;
            Assert.True(body.GetProperty("content").TryGetProperty("text/csv", out _));
            Assert.All(DevelopmentSheet.Columns, c => Assert.Contains($"- `{c.Name}`: {c.Meaning}", described));
        }
    }

    [Fact]
    public async Task A_confidential_source_of_an_imported_row_is_sealed_like_any_other()
    {
        var campaign = await api.LaunchCampaign();
        var witness = $"Witness {Guid.NewGuid():N}";
        var file = Sheet("defendant,development,occurred_on,place,source_publisher,source_published_on,source_kind,source_confidential",
            $"Newcomer,detention,2025-11-13,Almaty,{witness},2026-01-22,Witness,yes");

        var copied = Sheet("defendant,development,occurred_on,place,source_publisher,source_published_on,source_kind,source_confidential",
            $"Newcomer,detention,2025-11-13,Almaty,sealed:v1:{Guid.NewGuid():N}:AAAA,2026-01-22,Witness,yes");
        Assert.Equal((2, "source_publisher"), (await DryRun(campaign, copied, createDefendants: true)).Errors.Select(e => (e.Row, e.Column)).Single());

        var imported = await Import(campaign, file, createDefendants: true);

        Assert.True(imported.Applied);
        Assert.Equal(0, await app.EventsContaining(witness));
        var history = await app.Admin.Get<List<HistoryEntry>>($"/api/streams/{imported.Written!.Defendants.Single().Id}/events");
        Assert.Equal(witness, history.Single(h => h.Type == "DetentionRecorded").Source!.Publisher);
    }

    [Fact]
    public async Task Files_too_large_not_UTF8_or_empty_are_refused_whole()
    {
        var campaign = await api.LaunchCampaign();
        var large = Sheet([Header, .. Enumerable.Repeat(Detention("Someone"), DevelopmentSheet.MaxBytes / 60)]);

        Assert.Equal(["file"], (await Refused(campaign, large)).Errors.Keys);
        var many = Sheet(["defendant,development,occurred_on", .. Enumerable.Repeat("X,release,2026-01-22", ImportDevelopments.MaxRows + 1)]);
        Assert.Contains((await DryRun(campaign, many)).Errors, e => (e.Row, e.Message) == (5002, "A sheet has at most 5000 rows: split it."));
        Assert.Contains("not UTF-8", (await DryRun(campaign, [0x64, 0x65, 0xff, 0xfe, 0x0a])).Errors.Single().Message);
        Assert.Contains("header", (await DryRun(campaign, [])).Errors.Single().Message);
        Assert.Contains("row 1: occurred_on", (await Refused(campaign, Sheet("defendant,development"))).Errors.Keys);
        var unclosed = await DryRun(campaign, Sheet(Header, Detention("Someone"), "\"Someone,detention,2025-11-13,Almaty,Police,JURIST,2026-01-22"));
        Assert.Contains(unclosed.Errors, e => (e.Row, e.Column) == (3, "") && e.Message.Contains("quotes"));
        var unstorable = await DryRun(campaign, Sheet(Header, Detention("Some\0one")));
        Assert.Equal((2, "defendant"), (unstorable.Errors[0].Row, unstorable.Errors[0].Column));
        var (status, _) = await Post($"/api/campaigns/{Guid.NewGuid()}/imports/dry-run", Sheet(Header, Detention("Someone")), app.Admin);
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task Staff_of_another_campaign_cannot_import_into_it()
    {
        var (campaign, defendants) = await Atajurt19();
        var outsider = await app.As(Role.Staff);

        var (status, _) = await Post($"/api/campaigns/{campaign}/imports", Detentions19(), outsider);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(19, await app.EventCount(defendants));
    }
}
