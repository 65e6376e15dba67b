using System.Diagnostics;
using Campaign.Access;
using Campaign.Access.Keys;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Campaign.Tests.Partners;

/// <summary>The service behind a real Kestrel on loopback, as it runs in production, being stopped with a stream open.</summary>
public sealed class LiveStreamShutdownTests
{
    [Fact]
    public async Task Stopping_the_service_ends_an_open_stream_promptly()
    {
        JasperFxEnvironment.AutoStartHost = true;
        var connectionString = await Database("_livestop");
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:Marten", connectionString);
            builder.UseSetting("Limits:RequestsPerMinute", "1000000");
        });
        factory.UseKestrel(0);
        factory.StartServer();
        var key = await factory.Services.GetRequiredService<KeyIssuer>().Issue("partner@stop.test", Role.Partner, "tests", null, "test fixture");
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", key.Key);

        await using var stream = await LiveStreamReader.Open(client);
        await Support.Eventually.Holds(() => stream.Connected, TimeSpan.FromSeconds(30), "the stream is open");

        var stopping = Stopwatch.StartNew();
        using (var bound = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
            await factory.Services.GetRequiredService<IHost>().StopAsync(bound.Token);
        stopping.Stop();

        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {stopping.Elapsed.TotalSeconds:0.0}s");
        await stream.Ended.WaitAsync(TimeSpan.FromSeconds(5)); // the body ended cleanly, not with a reset connection
    }

    /// <summary>A database of its own next to the shared test database, created if absent.</summary>
    private static async Task<string> Database(string suffix)
    {
        var target = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("ConnectionStrings__Marten")
            ?? throw new InvalidOperationException("The tests need PostgreSQL: run them with deploy/test.sh."));
        target.Database += suffix;
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = @name", connection);
        exists.Parameters.AddWithValue("name", target.Database!);
        if (await exists.ExecuteScalarAsync() is null)
            await new NpgsqlCommand($"create database \"{target.Database}\"", connection).ExecuteNonQueryAsync();
        return target.ConnectionString;
    }
}
