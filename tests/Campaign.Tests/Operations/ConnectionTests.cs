using Campaign.Infrastructure;
using Campaign.Tests.Support;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Campaign.Tests.Operations;

/// <summary>
/// The service's connections prepare the statements they run often and keep them when they go back to the pool, yet
/// nothing else a checkout leaves on its connection (an advisory lock, a setting) reaches the next one.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ConnectionTests(AppFixture app)
{
    private const long ForgottenLock = 0x436F6E6E54657374; // "ConnTest"

    private string ServiceConnectionString =>
        EventStore.WithStatementReuse(EventStore.ConnectionString(app.Host.Services.GetRequiredService<IConfiguration>()));

    /// <summary>The service's own connection string, on a pool of one, so that every checkout gets the same connection.</summary>
    private NpgsqlDataSource OneConnectionPool() =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(ServiceConnectionString) { MaxPoolSize = 1 }.ConnectionString);

    private static async Task<T> Scalar<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task The_service_connects_with_statement_preparation_and_the_reset_on()
    {
        await using var session = app.Store.QuerySession();
        var used = new NpgsqlConnectionStringBuilder(session.Connection!.ConnectionString);

        Assert.Equal(100, used.MaxAutoPrepare);
        Assert.Equal(2, used.AutoPrepareMinUsages);
        Assert.False(used.NoResetOnClose);
        Assert.False(used.Multiplexing);
        Assert.Equal(used.MaxAutoPrepare, new NpgsqlConnectionStringBuilder(ServiceConnectionString).MaxAutoPrepare);
    }

    [Fact]
    public async Task A_statement_run_twice_is_prepared_and_stays_prepared_on_the_next_checkout()
    {
        await using var pool = OneConnectionPool();
        int backend;
        await using (var first = await pool.OpenConnectionAsync())
        {
            backend = await Scalar<int>(first, "select pg_backend_pid()");
            for (var i = 0; i < 2; i++) await Scalar<long>(first, "select count(*) from mt_events where seq_id > 0");
        }

        await using var next = await pool.OpenConnectionAsync();
        Assert.Equal(backend, await Scalar<int>(next, "select pg_backend_pid()"));
        Assert.Equal(1L, await Scalar<long>(next,
            "select count(*) from pg_prepared_statements where statement = 'select count(*) from mt_events where seq_id > 0'"));
    }

    [Fact]
    public async Task An_advisory_lock_or_setting_left_on_a_connection_does_not_outlive_its_checkout()
    {
        await using var pool = OneConnectionPool();
        int backend;
        await using (var careless = await pool.OpenConnectionAsync())
        {
            backend = await Scalar<int>(careless, "select pg_backend_pid()");
            for (var i = 0; i < 2; i++) await Scalar<long>(careless, "select count(*) from mt_events where seq_id > 0"); // prepared: the lighter reset
            await Scalar<object>(careless, $"select pg_advisory_lock({ForgottenLock})");
            await Scalar<string>(careless, "select set_config('statement_timeout', '1234', false)");
        }

        await using var next = await pool.OpenConnectionAsync();
        Assert.Equal(backend, await Scalar<int>(next, "select pg_backend_pid()"));
        Assert.Equal(0L, await Scalar<long>(next, "select count(*) from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()"));
        Assert.NotEqual("1234ms", await Scalar<string>(next, "select current_setting('statement_timeout')"));
        Assert.Equal(1L, await Scalar<long>(next, // the reset kept it
            "select count(*) from pg_prepared_statements where statement = 'select count(*) from mt_events where seq_id > 0'"));
    }

    [Fact]
    public async Task A_prepared_statement_whose_result_changes_shape_fails_once_and_is_prepared_again()
    {
        var table = $"shape_{Guid.NewGuid():N}";
        await using var pool = OneConnectionPool();
        await using var connection = await pool.OpenConnectionAsync();
        await Scalar<object>(connection, $"create table {table} (a int); insert into {table} values (1); select 1");
        try
        {
            for (var i = 0; i < 2; i++) await Scalar<int>(connection, $"select * from {table}");
            await using (var other = new NpgsqlConnection(ServiceConnectionString))
            {
                await other.OpenAsync();
                await Scalar<object>(other, $"alter table {table} add column b int; select 1");
            }

            var failure = await Assert.ThrowsAsync<PostgresException>(() => Scalar<int>(connection, $"select * from {table}"));
            Assert.Equal(PostgresErrorCodes.FeatureNotSupported, failure.SqlState); // 0A000 cached plan must not change result type
            Assert.Equal(1, await Scalar<int>(connection, $"select * from {table}"));
        }
        finally
        {
            await Scalar<object>(connection, $"drop table {table}; select 1");
        }
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0, 2)]
    [InlineData("Host=db;MaxAutoPrepare=7;Auto Prepare Min Usages=5", 7, 5)]
    [InlineData("Host=db", 100, 2)]
    public void Settings_the_operator_gives_are_kept(string given, int maxAutoPrepare, int minUsages)
    {
        var used = new NpgsqlConnectionStringBuilder(EventStore.WithStatementReuse(given));

        Assert.Equal((maxAutoPrepare, minUsages), (used.MaxAutoPrepare, used.AutoPrepareMinUsages));
    }
}
