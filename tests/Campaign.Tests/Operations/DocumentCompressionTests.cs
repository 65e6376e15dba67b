using Campaign.Defendants;
using Campaign.Tests.Support;
using Marten;
using Weasel.Core;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Operations;

/// <summary>A long case's documents are compressed with lz4, set up with the store's schema and kept so at every start.</summary>
[Collection(AppCollection.Name)]
public sealed class DocumentCompressionTests(AppFixture app)
{
    [Fact]
    public async Task A_long_case_is_stored_compressed_with_lz4_and_a_restart_has_nothing_left_to_change()
    {
        var defendant = await app.Api.RegisterDefendant(await app.Api.LaunchCampaign());
        for (var i = 0; i < 30; i++)
            await app.Api.Post($"/api/defendants/{defendant}/charges", Charge(Article174 with { LegalBasis = $"Criminal Code Art. {174 + i}" }));

        await using var session = app.Store.QuerySession();
        var compression = await session.AdvancedSql.QueryAsync<string>("""
            select coalesce(pg_column_compression(data), 'none') from mt_doc_defendant where id = ^0
            union all select coalesce(pg_column_compression(data), 'none') from mt_doc_defendantview where id = ^0
            """.Replace("^0", $"'{defendant}'"), CancellationToken.None);
        Assert.Equal(["lz4", "lz4"], compression);

        var migration = await app.Store.Storage.Database.CreateMigrationAsync();
        var lz4 = Assert.Single(migration.Deltas, d => d.SchemaObject.Identifier.Name == "lz4_compression");
        Assert.Equal(SchemaPatchDifference.None, lz4.Difference);
    }
}
