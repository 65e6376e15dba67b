using System.Net;
using System.Security.Claims;
using Campaign.Access;
using Campaign.Confidentiality;
using Campaign.Defendants;
using Campaign.Defendants.Registering;
using Campaign.StaffConsole.Search;
using Campaign.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Console;

[Collection(AppCollection.Name)]
public sealed class SearchTests(AppFixture app)
{
    private const string LegalName = "Ерлан Қалиұлы Сейітов";

    private async Task<(Api Staff, Guid Campaign, Guid Defendant, string Display)> Registered()
    {
        var staff = await app.As(Role.Staff);
        var campaign = await staff.LaunchCampaign($"Search {Guid.NewGuid():N}");
        var display = $"Defendant {Guid.NewGuid():N}"[..20];
        var defendant = (await staff.Post($"/api/campaigns/{campaign}/defendants", new RegisterDefendant(display, LegalName), 201)).Id;
        await staff.Post($"/api/defendants/{defendant}/detentions", Detention() with { Place = "Taldykorgan pre-trial centre" });
        await staff.Post($"/api/defendants/{defendant}/charges", Charge(Article174));
        return (staff, campaign, defendant, display);
    }

    [Fact]
    public async Task Defendants_are_found_by_part_of_a_name_a_legal_basis_custody_a_place_and_a_day()
    {
        var (staff, _, defendant, display) = await Registered();
        var browser = await new ConsoleClient(app.Host).SignedIn(staff.Key!);

        foreach (var query in new[] { $"name={Uri.EscapeDataString(display[5..15].ToUpperInvariant())}", "basis=art.%20174", "custody=PoliceCustody",
                     "place=taldykorgan", "from=2025-11-01&to=2025-11-30", "from=2025-11-13" })
            Assert.Contains($"/defendants/{defendant}", await browser.Page($"/search?{query}"));
        foreach (var query in new[] { "basis=hooliganism", "custody=HouseArrest", "place=Astana", "from=2025-12-01&to=2025-12-31", "to=2025-11-12" })
            Assert.DoesNotContain($"/defendants/{defendant}", await browser.Page($"/search?{query}"));
    }

    [Fact]
    public async Task A_sealed_legal_name_is_found_by_whole_words_in_any_case_and_accents_only_through_its_keyed_index()
    {
        var (staff, _, defendant, _) = await Registered();
        var browser = await new ConsoleClient(app.Host).SignedIn(staff.Key!);

        Assert.Contains($"/defendants/{defendant}", await browser.Page("/search?name=%D0%B5%D1%80%D0%BB%D0%B0%D0%BD")); // "ерлан"
        Assert.Contains($"/defendants/{defendant}", await browser.Page($"/search?name={Uri.EscapeDataString("СЕЙІТОВ ерлан")}"));
        Assert.DoesNotContain($"/defendants/{defendant}", await browser.Page($"/search?name={Uri.EscapeDataString("Ерл")}"));

        var stranger = await new ConsoleClient(app.Host).SignedIn((await app.As(Role.Staff)).Key!);
        Assert.DoesNotContain($"/defendants/{defendant}", await stranger.Page($"/search?name={Uri.EscapeDataString("Ерлан")}"));
        Assert.Equal(0, await Count("select count(*) from campaign_legal_names where array_to_string(tokens, ' ') ilike '%ерлан%'"));
        Assert.Equal(0, await app.EventsContaining("Ерлан"));

        await app.Admin.Post($"/api/streams/{defendant}/erasure", new { reason = "safety" }, 204);
        Assert.DoesNotContain($"/defendants/{defendant}", await browser.Page($"/search?name={Uri.EscapeDataString("Ерлан")}"));
        Assert.Equal(0, await Count($"select count(*) from campaign_legal_names where id = '{defendant}'"));
    }

    [Fact]
    public async Task On_100000_defendants_each_criterion_is_answered_from_its_index()
    {
        var search = app.Host.Services.GetRequiredService<DefendantSearch>();
        var index = app.Host.Services.GetRequiredService<LegalNameIndex>();
        var admin = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, Role.Admin.RoleName())], "test"));
        var staff = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, Role.Staff.RoleName()),
            new Claim(CampaignClaims.Campaign, Guid.NewGuid().ToString())], "test"));
        await using var connection = app.Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync(); // rolled back: nothing stays
        // Filling 100,000 rows keeps the trigram indexes busy for a while on a loaded machine: no time limit here.
        await new NpgsqlCommand($"""
            set local statement_timeout = 0;
            insert into campaign_search (id, kind, campaign_id, name, legal_bases, custody, places, days)
            select gen_random_uuid(), 'defendant', gen_random_uuid(), 'Defendant ' || md5(n::text), 'Criminal Code Art. ' || (n % 400),
              (array['PoliceCustody','PretrialDetention','HouseArrest','Released'])[n % 4 + 1], 'Place ' || md5((n * 7)::text),
              datemultirange(daterange('2020-01-01'::date + (n % 2000), '2020-01-01'::date + (n % 2000), '[]'))
            from generate_series(1, 100000) n;
            insert into campaign_legal_names (id, campaign_id, tokens)
            select gen_random_uuid(), gen_random_uuid(), array[md5(n::text), md5((n + 1)::text)] from generate_series(1, 100000) n;
            analyze campaign_search; analyze campaign_legal_names;
            """, connection, transaction) { CommandTimeout = 0 }.ExecuteNonQueryAsync();

        Assert.Contains("campaign_search_name_trgm", await Plan(new(Name: "Defendant 0a1b", null, null, null, null, null), admin));
        Assert.Contains("campaign_legal_names_tokens", await Plan(new(Name: "Seitov", null, null, null, null, null), admin));
        Assert.Contains("campaign_search_legal_bases_trgm", await Plan(new(null, "Art. 3999", null, null, null, null), admin));
        Assert.Contains("campaign_search_places_trgm", await Plan(new(null, null, null, "Place 0a1b", null, null), admin));
        Assert.Contains("campaign_search_days", await Plan(new(null, null, null, null, new DateOnly(2021, 3, 1), new DateOnly(2021, 3, 2)), admin));
        Assert.Contains("campaign_search_campaign", await Plan(new(null, null, CustodyStatus.HouseArrest, null, null, null), staff));
        await transaction.RollbackAsync();

        async Task<string> Plan(SearchCriteria criteria, ClaimsPrincipal reader)
        {
            await using var command = search.Command(criteria, reader, connection);
            command.Transaction = transaction;
            command.CommandText = "explain " + command.CommandText;
            var plan = new List<string>();
            await using var rows = await command.ExecuteReaderAsync();
            while (await rows.ReadAsync()) plan.Add(rows.GetString(0));
            var text = string.Join("\n", plan);
            Assert.DoesNotContain("Seq Scan on campaign_search ", text);
            return text;
        }
    }

    [Fact]
    public async Task A_campaign_exports_its_defendants_as_csv_with_the_fields_its_reader_may_see()
    {
        var (staff, campaign, defendant, display) = await Registered();
        await app.ViewsCaughtUp();
        var browser = await new ConsoleClient(app.Host).SignedIn(staff.Key!);

        var response = await browser.Get($"/campaigns/{campaign}/defendants.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.TrimEnd('\r', '\n')).ToList();
        Assert.Equal("Id,Name,Legal name,Custody,Custody since,Place,Current charges,Maximum penalties,Next hearing,Verdicts", lines[0].Trim());
        Assert.Equal($"{defendant},{display},{LegalName},Police custody,2025-11-13,Taldykorgan pre-trial centre,Criminal Code Art. 174,10 years,,",
            lines[1].Trim());

        var stranger = await new ConsoleClient(app.Host).SignedIn((await app.As(Role.Staff)).Key!);
        Assert.Equal(HttpStatusCode.Redirect, (await stranger.Get($"/campaigns/{campaign}/defendants.csv")).StatusCode);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("a, b", "\"a, b\"")]
    [InlineData("plain", "plain")]
    public void Csv_cells_are_quoted_and_never_run_as_formulas(string value, string cell) =>
        Assert.Equal(cell, Campaign.StaffConsole.Campaigns.ExportModel.Cell(value));

    private async Task<long> Count(string sql)
    {
        await using var session = app.Store.QuerySession();
        return (await session.AdvancedSql.QueryAsync<long>(sql, CancellationToken.None)).Single();
    }
}

[Collection(AppCollection.Name)]
public sealed class SearchSchemaTests(AppFixture app)
{
    [Fact]
    public async Task The_search_tables_match_their_definition_so_a_restart_rebuilds_no_index()
    {
        var migration = await app.Store.Storage.Database.CreateMigrationAsync();
        var ours = migration.Deltas.Where(d => d.SchemaObject.Identifier.Name is "campaign_search" or "campaign_legal_names" or "pg_trgm").ToList();
        Assert.NotEmpty(migration.Deltas);
        Assert.All(ours, d => Assert.Equal(Weasel.Core.SchemaPatchDifference.None, d.Difference));
        Assert.Equal(2, ours.Count(d => d.SchemaObject.Identifier.Name != "pg_trgm"));
    }
}
