using System.Diagnostics;
using Campaign.Access;
using Campaign.Access.Keys;
using Campaign.Tests.Support;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Campaign.Tests.Partners;

/// <summary>The service behind a real Kestrel on loopback, as it runs in production, being stopped with a stream open.</summary>
public sealed class LiveStreamShutdownTests
{
    [Fact]
    public async Task Stopping_the_service_ends_an_open_stream_promptly()
    {
        JasperFxEnvironment.AutoStartHost = true;
        var connectionString = await DedicatedHost.Database("_livestop");
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
        await Eventually.Holds(() => stream.Connected, TimeSpan.FromSeconds(30), "the stream is open");

        var stopping = Stopwatch.StartNew();
        using (var bound = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
            await factory.Services.GetRequiredService<IHost>().StopAsync(bound.Token);
        stopping.Stop();

        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {stopping.Elapsed.TotalSeconds:0.0}s");
        await stream.Ended.WaitAsync(TimeSpan.FromSeconds(5)); // the body ended cleanly, not with a reset connection
    }
}
