using System.Data.Common;
using Marten;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using DbCommandBuilder = Weasel.Core.DbCommandBuilder;

namespace Campaign.Infrastructure;

/// <summary>
/// Stores the largest documents (a long case's views, a campaign's view) compressed with lz4 instead of PostgreSQL's
/// default pglz: measured on cases of 1,000 developments, as small, and written 1.4 to 3 times and read 3 to 4 times
/// faster (docs/performance.md). Part of the store's schema, applied after the documents' tables and checked at every
/// start; a server built without lz4 keeps pglz (a notice, no error). Values are recompressed only when next written.
/// </summary>
public sealed class Lz4Compression(StoreOptions options, params Type[] documents)
    : FeatureSchemaBase("Lz4Compression", new PostgresqlMigrator())
{
    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        yield return new Columns(options.DatabaseSchemaName,
            documents.Select(d => ((IReadOnlyStoreOptions)options).FindOrResolveDocumentType(d).TableName.QualifiedName).ToList());
    }

    /// <summary>The <c>data</c> column of each table, compressed with lz4.</summary>
    private sealed class Columns(string schema, IReadOnlyList<string> tables) : ISchemaObject
    {
        public DbObjectName Identifier => new PostgresqlObjectName(schema, "lz4_compression", SchemaUtils.IdentifierUsage.General);

        private string Pglz => $"""
            select a.attrelid::regclass::text from pg_attribute a
            where a.attrelid = any(array[{string.Join(", ", tables.Select(t => $"to_regclass('{t}')"))}]) and a.attname = 'data' and a.attcompression <> 'l'
            """;

        public void WriteCreateStatement(Migrator migrator, TextWriter writer) => writer.WriteLine($"""
            DO $$
            DECLARE target text;
            BEGIN
              FOR target IN {Pglz} LOOP
                EXECUTE format('ALTER TABLE %s ALTER COLUMN data SET COMPRESSION lz4', target);
              END LOOP;
            EXCEPTION WHEN feature_not_supported THEN
              RAISE NOTICE 'This PostgreSQL has no lz4: documents stay compressed with pglz.';
            END $$;
            """);

        public void WriteDropStatement(Migrator rules, TextWriter writer) { } // the columns go with their tables

        public void ConfigureQueryCommand(DbCommandBuilder builder) => builder.Append(Pglz + ";");

        public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default) =>
            new SchemaObjectDelta(this, await reader.ReadAsync(ct) ? SchemaPatchDifference.Create : SchemaPatchDifference.None);

        public IEnumerable<DbObjectName> AllNames()
        {
            yield return Identifier;
        }
    }
}
