using Campaign.Access;
using Campaign.Alerts;
using Campaign.Alerts.Checking;
using Campaign.Tests.Support;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using Wolverine.Runtime;
using Wolverine.Util;

namespace Campaign.Tests.Alerts;

/// <summary>
/// The service on a database of its own with alerts on, its clock set about a year ahead of the real one (so that nothing
/// Wolverine schedules falls due by itself during a test) and moved by the tests; webhooks may reach loopback.
/// </summary>
public sealed class AlertsFixture : IAsyncLifetime
{
    private DedicatedHost dedicated = null!;

    public SetClock Clock { get; } = new(new DateTimeOffset(DateTime.UtcNow.Date.AddDays(400), TimeSpan.Zero).AddHours(9));
    public DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);
    public Alba.IAlbaHost Host => dedicated.Host;
    public IDocumentStore Store => dedicated.Store;
    public Api Staff { get; private set; } = null!;
    public Api Partner { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        dedicated = await DedicatedHost.Start("_alerts", new Dictionary<string, string>
        {
            ["Alerts:Enabled"] = "true",
            ["Webhooks:AllowPrivateAddresses"] = "true",
            ["Confidentiality:MasterKey"] = AppFixture.MasterKey,
        }, services: s => s.AddSingleton<TimeProvider>(Clock));
        Staff = await dedicated.As(Role.Staff, "staff@alerts.test");
        Partner = await dedicated.As(Role.Partner, "partner@alerts.test");
    }

    public Task<Api> As(Role role, string owner) => dedicated.As(role, owner);

    public async Task Restart()
    {
        await dedicated.Restart();
        (Staff, Partner) = (Staff.On(Host), Partner.On(Host));
    }

    public Task CaughtUp() => dedicated.CaughtUp();

    public Task<List<long>> PositionsAfter(long position) => dedicated.PositionsAfter(position);

    /// <summary>Moves the service's clock to the start of a day (UTC).</summary>
    public void MoveTo(DateOnly day) => Clock.MoveTo(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));

    /// <summary>The checks Wolverine keeps scheduled in PostgreSQL for these defendants: when, and the message.</summary>
    public async Task<List<(DateTimeOffset At, DeadlinesDue Check, Envelope Envelope)>> ScheduledChecks(IReadOnlyCollection<Guid> defendants)
    {
        var runtime = Host.Services.GetRequiredService<IWolverineRuntime>();
        var serializer = runtime.Options.DefaultSerializer;
        return (await runtime.Storage.Admin.AllIncomingAsync())
            .Where(e => e.Status == EnvelopeStatus.Scheduled && e.MessageType == typeof(DeadlinesDue).ToMessageTypeName())
            .Select(e => (e.ScheduledTime!.Value, (DeadlinesDue)serializer.ReadFromData(typeof(DeadlinesDue), e), e))
            .Where(s => defendants.Contains(s.Item2.DefendantId))
            .OrderBy(s => s.Item1).ToList();
    }

    /// <summary>
    /// What Wolverine does when a scheduled check falls due, with the service's clock instead of the real one: takes each
    /// check scheduled up to now out of the store and handles it. Returns how many ran.
    /// </summary>
    public async Task<int> RunDueChecks(IReadOnlyCollection<Guid> defendants)
    {
        await Settled();
        var due = (await ScheduledChecks(defendants)).Where(s => s.At <= Clock.GetUtcNow()).ToList();
        var storage = Host.Services.GetRequiredService<IWolverineRuntime>().Storage;
        foreach (var (_, check, envelope) in due)
        {
            await storage.Inbox.MarkIncomingEnvelopeAsHandledAsync(envelope);
            await Handle(check);
        }
        return due.Count;
    }

    /// <summary>Handles one check in process, as the node that runs it would.</summary>
    public async Task Handle(DeadlinesDue check)
    {
        using var scope = Host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(check);
    }

    /// <summary>Waits until the checks the write path sent (not those scheduled for later) have run.</summary>
    public Task Settled() => Eventually.Holds(async () =>
    {
        var incoming = await Host.Services.GetRequiredService<IWolverineRuntime>().Storage.Admin.AllIncomingAsync();
        return !incoming.Any(e => e.Status == EnvelopeStatus.Incoming && e.MessageType == typeof(DeadlinesDue).ToMessageTypeName());
    }, TimeSpan.FromSeconds(60), "the checks sent by the writes to have run");

    /// <summary>The alerts raised in these defendants' streams, in order.</summary>
    public async Task<List<IEvent>> Alerts(IReadOnlyCollection<Guid> defendants)
    {
        await using var session = Store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().Where(e => defendants.Contains(e.StreamId)).OrderBy(e => e.Sequence).ToListAsync();
        return events.Where(e => e.Data is IAlert).ToList();
    }

    public async Task DisposeAsync() => await dedicated.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class AlertsCollection : ICollectionFixture<AlertsFixture>
{
    public const string Name = "alerts";
}
