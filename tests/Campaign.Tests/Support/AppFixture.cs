using Alba;
using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Support;

/// <summary>
/// The real service (ASP.NET Core pipeline, Wolverine, Marten, async daemon) on the PostgreSQL that
/// deploy/test.sh starts. Tests share it and stay independent by working on campaigns of their own.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    public IAlbaHost Host { get; private set; } = null!;
    public Api Api { get; private set; } = null!;
    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    public async Task InitializeAsync()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ConnectionStrings__Marten"))
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DATABASE_URL")))
            throw new InvalidOperationException("The tests need PostgreSQL: run them with deploy/test.sh, or set ConnectionStrings__Marten.");

        JasperFxEnvironment.AutoStartHost = true;
        Host = await AlbaHost.For<Program>();
        await Host.ResetAllMartenDataAsync();
        Api = new Api(Host);
    }

    /// <summary>How many events the given streams hold, straight from the event store.</summary>
    public async Task<int> EventCount(IReadOnlyCollection<Guid> streams)
    {
        await using var session = Store.QuerySession();
        return await session.Events.QueryAllRawEvents().Where(e => streams.Contains(e.StreamId)).CountAsync();
    }

    public Task<int> EventCount(params Guid[] streams) => EventCount((IReadOnlyCollection<Guid>)streams);

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "app";
}
