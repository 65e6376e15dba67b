using Alba;
using Campaign.Access;
using Campaign.Access.Keys;
using JasperFx.CommandLine;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Campaign.Tests.Support;

/// <summary>
/// The service on a database of its own (named after the shared test database with a suffix), so that what its daemon
/// does meets no other test. It can be stopped and started again.
/// </summary>
public sealed class DedicatedHost(string connectionString, IReadOnlyDictionary<string, string> settings, Action<IServiceCollection>? services = null)
    : IAsyncDisposable
{
    public IAlbaHost Host { get; private set; } = null!;
    public string ConnectionString => connectionString;
    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    /// <summary>Starts the service on its database, emptied unless <paramref name="reset"/> is false; <paramref name="services"/> may add to its services.</summary>
    public static async Task<DedicatedHost> Start(string databaseSuffix, IReadOnlyDictionary<string, string> settings, bool reset = true,
        Action<IServiceCollection>? services = null)
    {
        var host = new DedicatedHost(await Database(databaseSuffix), settings, services);
        await host.Boot();
        if (reset) await host.Host.ResetAllDataAsync();
        return host;
    }

    /// <summary>The connection string of a database named after the shared test database with a suffix.</summary>
    public static string ConnectionStringFor(string databaseSuffix)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("ConnectionStrings__Marten")
            ?? throw new InvalidOperationException("The tests need PostgreSQL: run them with deploy/test.sh."));
        connectionString.Database += databaseSuffix;
        return connectionString.ConnectionString;
    }

    /// <summary>That database, created if absent; its connection string.</summary>
    public static async Task<string> Database(string databaseSuffix)
    {
        var target = new NpgsqlConnectionStringBuilder(ConnectionStringFor(databaseSuffix));
        var admin = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres" };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = @name", connection);
        exists.Parameters.AddWithValue("name", target.Database!);
        if (await exists.ExecuteScalarAsync() is null)
            await new NpgsqlCommand($"create database \"{target.Database}\"", connection).ExecuteNonQueryAsync();
        return target.ConnectionString;
    }

    public async Task Restart()
    {
        await Host.StopAsync();
        await Host.DisposeAsync();
        await Boot();
    }

    /// <summary>Waits until the async daemon (views, high-water mark, subscriptions) has caught up with the last event.</summary>
    /// <summary>The async consumers of the events: the campaign view, the audit chain, the public events, the webhook relay.</summary>
    private static readonly string[] Consumers = ["CampaignView:All", "EventChain:All", "PublicEvents:All", "webhooks:All"];

    /// <summary>
    /// Waits until every async consumer has reached the last event. Marten's own wait alone is not enough once the
    /// store is reset under agents that Wolverine runs: a consumer whose progress row is not written again yet is not waited for.
    /// </summary>
    public async Task CaughtUp()
    {
        var positions = await PositionsAfter(0);
        if (positions.Count == 0) return;
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        await Eventually.Holds(async () =>
        {
            var progress = (await Store.Advanced.AllProjectionProgress()).ToDictionary(s => s.ShardName, s => s.Sequence);
            return Consumers.All(c => progress.GetValueOrDefault(c) >= positions[^1]);
        }, TimeSpan.FromSeconds(30), "every async consumer at the last event");
    }

    public async Task<List<long>> PositionsAfter(long position)
    {
        await using var session = Store.QuerySession();
        return (await session.Events.QueryAllRawEvents().Where(e => e.Sequence > position).OrderBy(e => e.Sequence)
            .Select(e => e.Sequence).ToListAsync()).ToList();
    }

    public async Task<Api> As(Role role, string owner) =>
        new(Host, (await Host.Services.GetRequiredService<KeyIssuer>().Issue(owner, role, "tests", null, "test fixture")).Key);

    /// <summary>Every defendant and campaign view as stored, serialized, in a stable order.</summary>
    public static async Task<List<string>> Views(IDocumentStore store)
    {
        await using var session = store.QuerySession();
        var defendants = (await session.Query<Campaign.Defendants.DefendantView>().ToListAsync()).OrderBy(d => d.Id).Select(d => System.Text.Json.JsonSerializer.Serialize(d));
        var campaigns = (await session.Query<Campaign.Campaigns.CampaignView>().ToListAsync()).OrderBy(c => c.Id).Select(c => System.Text.Json.JsonSerializer.Serialize(c));
        return [.. defendants, .. campaigns];
    }

    /// <summary>Runs SQL as the database's superuser, bypassing the service (and the trigger that keeps events immutable).</summary>
    public async Task Tamper(string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await new NpgsqlCommand($"set session_replication_role = replica; {sql}; set session_replication_role = origin;", connection).ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();

    private async Task Boot()
    {
        JasperFxEnvironment.AutoStartHost = true;
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:Marten", connectionString);
            builder.UseSetting("Limits:RequestsPerMinute", "1000000");
            builder.UseSetting("Limits:UnauthenticatedRequestsPerMinute", "1000000");
            builder.UseSetting("Alerts:Enabled", "false"); // unless a test's settings say otherwise
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
            if (services is not null) builder.ConfigureServices(services);
        });
    }
}
