using System.Net;
using System.Net.Sockets;
using Campaign.Infrastructure;
using Npgsql;

namespace Campaign.Tests.Unit;

/// <summary>
/// Only PostgreSQL being unreachable or turning the service away is answered "the database is unavailable" (503): a
/// socket error or a time-out of anything else (an identity provider, an HTTP call) is not the database's.
/// </summary>
public sealed class DatabaseUnavailableTests
{
    [Fact]
    public async Task Npgsql_failing_to_reach_the_server_is_the_database_being_unavailable_however_it_is_wrapped()
    {
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={ClosedPort()};Username=nobody;Password=none;Timeout=5");

        var refused = await Assert.ThrowsAnyAsync<NpgsqlException>(() => connection.OpenAsync());

        Assert.True(DatabaseUnavailable.Caused(refused));
        Assert.True(DatabaseUnavailable.Caused(new InvalidOperationException("As Marten or Wolverine wrap it.", refused)));
    }

    [Fact]
    public async Task An_http_call_that_cannot_connect_or_times_out_is_not()
    {
        using var patient = new HttpClient(); // a refusal is immediate; a short time limit would race it on a loaded machine
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => patient.GetAsync($"http://127.0.0.1:{ClosedPort()}/"));
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
        using var silent = new TcpListener(IPAddress.Loopback, 0); // accepts, never answers
        silent.Start();
        var timedOut = await Assert.ThrowsAsync<TaskCanceledException>(() => http.GetAsync($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/"));

        Assert.IsType<SocketException>(refused.InnerException);
        Assert.IsType<TimeoutException>(timedOut.InnerException);
        Assert.False(DatabaseUnavailable.Caused(refused));
        Assert.False(DatabaseUnavailable.Caused(timedOut));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
