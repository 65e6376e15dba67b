using Campaign.Access;
using Campaign.Tests.Support;
using Marten;
using Npgsql;

namespace Campaign.Tests.Partners;

/// <summary>A rendered public event never outlives its event: emptying the store (tests, benchmarks) empties the public events too.</summary>
public sealed class PublicEventsResetTests
{
    [Fact]
    public async Task Emptying_the_event_store_empties_the_public_events()
    {
        await using var dedicated = await DedicatedHost.Start("_public", new Dictionary<string, string> { ["Confidentiality:MasterKey"] = AppFixture.MasterKey });
        var staff = await dedicated.As(Role.Staff, "staff@public.test");
        await staff.ChargedDefendant();
        await dedicated.CaughtUp();
        Assert.Equal(4L, await Rendered(dedicated.Store));

        await dedicated.Host.ResetAllMartenDataAsync();

        Assert.Equal(0L, await Rendered(dedicated.Store));
    }

    private static async Task<long> Rendered(IDocumentStore store)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        return (long)(await new NpgsqlCommand("select count(*) from public_events", connection).ExecuteScalarAsync())!;
    }
}
