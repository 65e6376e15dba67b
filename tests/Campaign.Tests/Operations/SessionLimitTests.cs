using Campaign.Infrastructure;
using Campaign.Operations;
using Campaign.Tests.Support;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Campaign.Tests.Operations;

/// <summary>With no setting, every session of the service ends a statement after 30 s and an idle transaction after 10 s.</summary>
[Collection(AppCollection.Name)]
public sealed class SessionLimitTests(AppFixture app)
{
    private const string Limits = "select current_setting('statement_timeout') || ' ' || current_setting('idle_in_transaction_session_timeout')";

    [Fact]
    public async Task The_default_limits_apply_to_the_event_store_and_to_the_service_own_connections()
    {
        await using var session = app.Store.QuerySession();
        await using var own = new NpgsqlConnection(EventStore.ConnectionString(app.Host.Services.GetRequiredService<IConfiguration>()));
        await own.OpenAsync();

        Assert.Equal("30s 10s", (await session.AdvancedSql.QueryAsync<string>(Limits, CancellationToken.None)).Single());
        Assert.Equal("30s 10s", await new NpgsqlCommand(Limits, own).ExecuteScalarAsync());
    }

    [Fact]
    public async Task PostgreSQL_probes_the_service_sessions_so_that_a_node_cut_off_loses_its_locks_within_half_a_minute()
    {
        await using var session = app.Store.QuerySession();
        var probes = (await session.AdvancedSql.QueryAsync<string>(
            "select current_setting('tcp_keepalives_idle') || ' ' || current_setting('tcp_keepalives_interval') || ' ' || current_setting('tcp_keepalives_count')",
            CancellationToken.None)).Single();

        Assert.Equal("10 5 3", probes); // over TCP, as the tests connect; a Unix socket would show 0 0 0
    }

    [Fact]
    public async Task Options_the_operator_gives_come_after_the_limits_and_win_and_zero_turns_a_limit_off()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:StatementTimeout"] = "00:00:05", ["Database:IdleInTransactionTimeout"] = "00:00:00",
        }).Build();
        var given = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("ConnectionStrings__Marten")) { Options = "-c statement_timeout=7000" };

        await using var connection = new NpgsqlConnection(SessionLimits.Apply(given.ConnectionString, configuration));
        await connection.OpenAsync();

        Assert.Equal("-c statement_timeout=5000 -c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3 -c statement_timeout=7000", new NpgsqlConnectionStringBuilder(connection.ConnectionString).Options);
        Assert.Equal("7s 0", await new NpgsqlCommand(Limits, connection).ExecuteScalarAsync());
    }
}
