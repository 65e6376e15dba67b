using Alba;
using Campaign.Access;
using Campaign.Access.Keys;
using JasperFx.CommandLine;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Support;

/// <summary>
/// The real service (ASP.NET Core pipeline, Wolverine, Marten, async daemon) on the PostgreSQL that
/// deploy/test.sh starts. Tests share it and stay independent by working on campaigns of their own.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    public const string MasterKey = "q1b8QdG6m3YxR0p2t5w8z1C4F7H0K3N6Q9T2W5Z8c1E=";

    public IAlbaHost Host { get; private set; } = null!;

    /// <summary>The API as a member of staff, who becomes a member of each campaign they launch.</summary>
    public Api Api { get; private set; } = null!;

    public Api Admin { get; private set; } = null!;
    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    public async Task InitializeAsync()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ConnectionStrings__Marten"))
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DATABASE_URL")))
            throw new InvalidOperationException("The tests need PostgreSQL: run them with deploy/test.sh, or set ConnectionStrings__Marten.");

        JasperFxEnvironment.AutoStartHost = true;
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("Limits:RequestsPerMinute", "1000000");
            builder.UseSetting("Limits:UnauthenticatedRequestsPerMinute", "1000000");
            builder.UseSetting("Confidentiality:MasterKey", MasterKey);
            builder.UseSetting("Alerts:Enabled", "false"); // the cases of these tests are old enough to have gone quiet
        });
        await Host.ResetAllDataAsync();
        Admin = new Api(Host, (await IssueKey(Role.Admin, "admin@test")).Key);
        Api = Admin.As((await IssueKey(Role.Staff, "staff@test")).Key);
    }

    /// <summary>Counts the event rows whose raw JSON contains <paramref name="text"/>, straight from PostgreSQL.</summary>
    public async Task<long> EventsContaining(string text)
    {
        await using var session = Store.QuerySession();
        return (await session.AdvancedSql.QueryAsync<long>("select count(*) from mt_events where data::text like ?", CancellationToken.None, $"%{text}%")).Single();
    }

    /// <summary>Counts the stored views (defendant views and write models) whose JSON contains <paramref name="text"/>.</summary>
    public async Task<long> DocumentsContaining(string text)
    {
        await using var session = Store.QuerySession();
        return (await session.AdvancedSql.QueryAsync<long>(
            "select (select count(*) from mt_doc_defendantview where data::text like ?) + (select count(*) from mt_doc_defendant where data::text like ?)",
            CancellationToken.None, $"%{text}%", $"%{text}%")).Single();
    }

    /// <summary>Waits until the async daemon has built every view up to the last event.</summary>
    public Task ViewsCaughtUp() => Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

    public Task<IssuedKey> IssueKey(Role role, string owner) =>
        Host.Services.GetRequiredService<KeyIssuer>().Issue(owner, role, "test", null, "test fixture");

    /// <summary>An API client with a new key of that role, for a new owner.</summary>
    public async Task<Api> As(Role role) => Admin.As((await IssueKey(role, $"{role}-{Guid.NewGuid():N}@test")).Key);

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
