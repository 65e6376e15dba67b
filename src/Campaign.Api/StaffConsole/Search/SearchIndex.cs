using Marten;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Campaign.StaffConsole.Search;

/// <summary>
/// What search looks in: one row per defendant and per campaign, with their words (name, legal bases of current charges,
/// places) under trigram GIN indexes (pg_trgm) and the days of their developments under a GiST index. PostgreSQL keeps
/// the rows by itself, in the same transaction as each write of a view, by triggers on the views' tables; a defendant's
/// places and days come from the bounded summary its view keeps for search (<c>Whereabouts</c>).
/// </summary>
public static class SearchIndex
{
    public const string TableName = "campaign_search";

    public static void AddTo(StoreOptions options)
    {
        options.Storage.ExtendedSchemaObjects.Add(new Extension("pg_trgm"));
        var table = new Table(new PostgresqlObjectName(options.DatabaseSchemaName, TableName, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("id").AsPrimaryKey();
        table.AddColumn<string>("kind").NotNull();
        table.AddColumn<Guid>("campaign_id").NotNull();
        table.AddColumn<string>("name").NotNull();
        table.AddColumn<string>("legal_bases");
        table.AddColumn<string>("custody");
        table.AddColumn<string>("places");
        table.AddColumn("days", "datemultirange");
        foreach (var column in new[] { "name", "legal_bases", "places" })
            table.Indexes.Add(new IndexDefinition($"{TableName}_{column}_trgm") { Columns = [column], Method = IndexMethod.gin, Mask = "? gin_trgm_ops" });
        table.Indexes.Add(new IndexDefinition($"{TableName}_campaign") { Columns = ["campaign_id"] });
        table.Indexes.Add(new IndexDefinition($"{TableName}_custody") { Columns = ["custody"] });
        table.Indexes.Add(new IndexDefinition($"{TableName}_days") { Columns = ["days"], Method = IndexMethod.gist });
        options.Storage.ExtendedSchemaObjects.Add(table);
    }

    /// <summary>The triggers, and rows for views written before they existed (each start adds only what is missing).</summary>
    public const string Triggers = $$"""
        create or replace function campaign_search_defendant() returns trigger language plpgsql as $$
        begin
          if tg_op = 'TRUNCATE' then delete from {{TableName}} where kind = 'defendant'; return null; end if;
          if tg_op = 'DELETE' then delete from {{TableName}} where id = old.id; return old; end if;
          insert into {{TableName}} (id, kind, campaign_id, name, legal_bases, custody, places, days)
          select new.id, 'defendant', (new.data->>'campaignId')::uuid, coalesce(new.data->>'displayName', ''),
            (select string_agg(distinct c->'details'->>'legalBasis', ' | ') from jsonb_array_elements(coalesce(new.data->'charges', '[]')) c
               where (c->>'isCurrent')::boolean),
            new.data->'custody'->>'status',
            (select string_agg(p, ' | ') from jsonb_array_elements_text(coalesce(new.data->'whereabouts'->'places', '[]')) p),
            (select range_agg(daterange((x->>'from')::date, (x->>'to')::date, '[]'))
               from jsonb_array_elements(coalesce(new.data->'whereabouts'->'days', '[]')) x)
          on conflict (id) do update set campaign_id = excluded.campaign_id, name = excluded.name, legal_bases = excluded.legal_bases,
            custody = excluded.custody, places = excluded.places, days = excluded.days;
          return new;
        end $$;
        create or replace function campaign_search_campaign() returns trigger language plpgsql as $$
        begin
          if tg_op = 'TRUNCATE' then delete from {{TableName}} where kind = 'campaign'; return null; end if;
          if tg_op = 'DELETE' then delete from {{TableName}} where id = old.id; return old; end if;
          insert into {{TableName}} (id, kind, campaign_id, name, places)
          values (new.id, 'campaign', new.id, coalesce(new.data->>'name', ''), concat_ws(' | ', new.data->>'country', new.data->>'region'))
          on conflict (id) do update set name = excluded.name, places = excluded.places;
          return new;
        end $$;
        create or replace trigger campaign_search_rows after insert or update or delete on mt_doc_defendantview
          for each row execute function campaign_search_defendant();
        create or replace trigger campaign_search_emptied after truncate on mt_doc_defendantview
          for each statement execute function campaign_search_defendant();
        create or replace trigger campaign_search_rows after insert or update or delete on mt_doc_campaignview
          for each row execute function campaign_search_campaign();
        create or replace trigger campaign_search_emptied after truncate on mt_doc_campaignview
          for each statement execute function campaign_search_campaign();
        update mt_doc_defendantview v set data = data where not exists (select 1 from {{TableName}} s where s.id = v.id);
        update mt_doc_campaignview v set data = data where not exists (select 1 from {{TableName}} s where s.id = v.id);
        """;
}

/// <summary>Installs the search triggers at start, once Marten has created the tables.</summary>
public sealed class SearchTriggers(IDocumentStore store) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(SearchIndex.Triggers, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
