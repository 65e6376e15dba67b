using Alba;
using Campaign.Access;
using Campaign.Access.Keys;
using Campaign.Tests.Support;
using JasperFx.CommandLine;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Campaign.Tests.Partners;

/// <summary>
/// The service on a database of its own (so its daemon and deliveries meet no other test's), with webhooks allowed to
/// reach loopback and retried within a second. It can be stopped and started again mid-delivery.
/// </summary>
public sealed class PartnerFixture : IAsyncLifetime
{
    private readonly string connectionString = OwnDatabase();

    public IAlbaHost Host { get; private set; } = null!;
    public Api Staff { get; private set; } = null!;
    public Api Partner { get; private set; } = null!;
    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    public async Task InitializeAsync()
    {
        await CreateDatabase();
        await Start();
        await Host.ResetAllMartenDataAsync();
        Staff = new Api(Host, (await Issue(Role.Staff, "staff@partners.test")).Key);
        Partner = Staff.As((await Issue(Role.Partner, "partner@partners.test")).Key);
    }

    public async Task Restart()
    {
        await Host.StopAsync();
        await Host.DisposeAsync();
        await Start();
        Staff = Staff.On(Host);
        Partner = Partner.On(Host);
    }

    /// <summary>Waits until the async daemon (views, high-water mark, webhook relay) has caught up with the last event.</summary>
    public async Task ViewsCaughtUp()
    {
        if ((await PositionsAfter(0)).Count > 0) await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
    }

    public async Task<List<long>> PositionsAfter(long position)
    {
        await using var session = Store.QuerySession();
        return (await session.Events.QueryAllRawEvents().Where(e => e.Sequence > position).OrderBy(e => e.Sequence)
            .Select(e => e.Sequence).ToListAsync()).ToList();
    }

    public Task<IssuedKey> Issue(Role role, string owner) =>
        Host.Services.GetRequiredService<KeyIssuer>().Issue(owner, role, "partner tests", null, "test fixture");

    public async Task DisposeAsync() => await Host.DisposeAsync();

    private async Task Start()
    {
        JasperFxEnvironment.AutoStartHost = true;
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:Marten", connectionString);
            builder.UseSetting("Limits:RequestsPerMinute", "1000000");
            builder.UseSetting("Webhooks:AllowPrivateAddresses", "true");
            builder.UseSetting("Webhooks:RetryBaseDelay", "00:00:00.100");
            builder.UseSetting("Webhooks:RetryMaxDelay", "00:00:00.500");
            builder.UseSetting("Partners:HeartbeatSeconds", "0.3");
        });
    }

    private static string OwnDatabase()
    {
        var shared = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("ConnectionStrings__Marten")
            ?? throw new InvalidOperationException("The tests need PostgreSQL: run them with deploy/test.sh."));
        shared.Database += "_partners";
        return shared.ConnectionString;
    }

    private async Task CreateDatabase()
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = @name", connection);
        exists.Parameters.AddWithValue("name", target.Database!);
        if (await exists.ExecuteScalarAsync() is null)
            await new NpgsqlCommand($"create database \"{target.Database}\"", connection).ExecuteNonQueryAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PartnerCollection : ICollectionFixture<PartnerFixture>
{
    public const string Name = "partners";
}
