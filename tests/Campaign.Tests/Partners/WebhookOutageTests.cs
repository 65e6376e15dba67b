using Campaign.Access;
using Campaign.Confidentiality;
using Campaign.Operations.Progress;
using Campaign.Partners.Webhooks;
using Campaign.Partners.Webhooks.Delivering;
using Campaign.Partners.Webhooks.Subscribing;
using Campaign.Tests.Operations;
using Campaign.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Partners;

/// <summary>The service on a database of its own, which these tests take away and give back; webhooks swept twice a second.</summary>
public class OutageHost : IAsyncLifetime
{
    private readonly string suffix;

    public OutageHost() : this("_outage", TimeSpan.FromMilliseconds(500)) { }

    protected OutageHost(string suffix, TimeSpan sweepInterval) => (this.suffix, SweepInterval) = (suffix, sweepInterval);

    public TimeSpan SweepInterval { get; }
    public DedicatedHost Dedicated { get; private set; } = null!;
    public LogCapture Logs { get; } = new();
    public Api Staff { get; private set; } = null!;
    public Api Partner { get; private set; } = null!;
    public Api Auditor { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await DatabaseOutage.Restore(DedicatedHost.ConnectionStringFor(suffix)); // in case an earlier run stopped while it was away
        Dedicated = await DedicatedHost.Start(suffix, new Dictionary<string, string>
        {
            ["Webhooks:AllowPrivateAddresses"] = "true",
            ["Webhooks:RetryBaseDelay"] = "00:00:00.100",
            ["Webhooks:RetryMaxDelay"] = "00:00:00.500",
            ["Webhooks:Timeout"] = "00:01:00",
            ["Webhooks:SweepInterval"] = SweepInterval.ToString(),
            ["Confidentiality:MasterKey"] = AppFixture.MasterKey,
        });
        Dedicated.Host.Services.GetRequiredService<ILoggerFactory>().AddProvider(Logs);
        Staff = await Dedicated.As(Role.Staff, "staff@outage.test");
        Partner = await Dedicated.As(Role.Partner, "partner@outage.test");
        Auditor = await Dedicated.As(Role.Auditor, "auditor@outage.test");
    }

    public Task<DatabaseOutage> TakeDatabaseAway() => DatabaseOutage.Of(Dedicated.ConnectionString);

    public async Task<long> LastPosition()
    {
        await Dedicated.CaughtUp();
        return (await Dedicated.PositionsAfter(0)).LastOrDefault();
    }

    /// <summary>Events written now: a charged defendant, detained again <paramref name="detentions"/> times; their positions.</summary>
    public async Task<List<long>> Write(int detentions = 1)
    {
        var from = await LastPosition();
        var (_, defendant, _) = await Staff.ChargedDefendant();
        for (var i = 0; i < detentions; i++) await Staff.Post($"/api/defendants/{defendant}/detentions", Detention());
        return await Dedicated.PositionsAfter(from);
    }

    /// <summary>
    /// Stores a subscription as a stalled one looks, with no message to deliver it queued anywhere: delivered up to
    /// <paramref name="deliveredUpTo"/>, and with a retry due at <paramref name="retryDueAt"/> (then failing for a while).
    /// </summary>
    public async Task<Guid> StalledSubscription(string url, long deliveredUpTo, DateTimeOffset? retryDueAt = null, Guid? id = null)
    {
        var (subscription, now) = (id ?? Guid.CreateVersion7(), DateTimeOffset.UtcNow);
        var master = Dedicated.Host.Services.GetRequiredService<MasterKey>();
        await using var session = Dedicated.Store.LightweightSession();
        session.Insert(new WebhookSubscription
        {
            Id = subscription, Owner = "partner@outage.test", Url = url, CreatedAt = now, Secrets = [WebhookSecret.New(subscription, master, now).Stored],
            Status = SubscriptionStatus.Active,
        });
        session.Insert(new WebhookCursor
        {
            Id = subscription, DeliveredUpTo = deliveredUpTo, ConsecutiveFailures = retryDueAt is null ? 0 : 3,
            FailingSince = retryDueAt is null ? null : now.AddMinutes(-5), NextAttemptAt = retryDueAt, LastError = retryDueAt is null ? null : "HTTP 503",
        });
        await session.SaveChangesAsync();
        return subscription;
    }

    public int LogLines(string containing) => Logs.Lines.Count(l => l.Contains(containing));

    public int FailedTurns() => Logs.Lines.Count(l => l.Contains("Failed to process message") && l.Contains(nameof(DeliverWebhooks)));

    public async Task DisposeAsync()
    {
        await DatabaseOutage.Restore(Dedicated.ConnectionString);
        await Dedicated.DisposeAsync();
    }
}

/// <summary>The same, with a sweep that runs only at start-up: whatever resumes delivery here, it is not the sweep.</summary>
public sealed class UnsweptOutageHost() : OutageHost("_unswept", TimeSpan.FromDays(1));

public sealed class WebhookOutageTests(OutageHost outage) : IClassFixture<OutageHost>, IAsyncLifetime
{
    private const string SweepFailed = "The webhook sweep failed";
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await WebhookReceiver.Start();

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    [Fact]
    public async Task After_a_database_outage_delivery_resumes_by_itself_with_no_new_write_and_the_sweep_warns_once()
    {
        var firstArrived = new TaskCompletionSource();
        using var release = new ManualResetEventSlim();
        receiver.Answer = n =>
        {
            if (n > 1) return 200;
            firstArrived.SetResult();
            release.Wait(TimeSpan.FromSeconds(60)); // the first delivery is in flight while the database goes away
            return 500;
        };
        var from = await outage.LastPosition();
        await outage.Partner.Post<SubscriptionSecret>("/api/subscriptions", new Subscribe(receiver.Url, null, null, "outage", from + 1), 201);
        var expected = await outage.Write(detentions: 3);
        await firstArrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var (failedBefore, warningsBefore) = (outage.FailedTurns(), outage.LogLines(SweepFailed));

        await using (await outage.TakeDatabaseAway())
        {
            release.Set();
            // The turn cannot record the failure; its retry cannot even start. Both fail while the database is away.
            await Eventually.Holds(() => outage.FailedTurns() >= failedBefore + 2 && outage.LogLines(SweepFailed) > warningsBefore,
                TimeSpan.FromSeconds(30), "a turn and its retry to fail, and the sweep to warn");
            await Task.Delay(5 * outage.SweepInterval); // five more sweeps fail while the database is away
            Assert.Equal(warningsBefore + 1, outage.LogLines(SweepFailed));
        }

        await Eventually.Holds(() => receiver.Acknowledged().Count >= expected.Count, TimeSpan.FromSeconds(60), "every event, after the outage");
        Assert.Equal(expected, receiver.Acknowledged().Select(r => r.Sequence));
        Assert.Equal(expected, await outage.Dedicated.PositionsAfter(from)); // nothing new was written
        await Eventually.Holds(() => outage.LogLines("The webhook sweep runs again") > 0, TimeSpan.FromSeconds(10), "the sweep to say it runs again");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_subscription_behind_with_no_turn_queued_is_picked_up_by_the_sweep(bool retryDue)
    {
        var from = await outage.LastPosition();
        var expected = await outage.Write();
        await outage.Dedicated.CaughtUp(); // the relay has asked every subscription there was

        await outage.StalledSubscription(receiver.Url, from, retryDue ? DateTimeOffset.UtcNow.AddSeconds(-30) : null);

        await Eventually.Holds(() => receiver.Acknowledged().Count >= expected.Count, TimeSpan.FromSeconds(30), "the sweep to resume delivery");
        Assert.Equal(expected, receiver.Acknowledged().Select(r => r.Sequence));
    }

    [Fact]
    public async Task A_turn_the_sweep_queued_that_never_started_does_not_hold_the_subscription_back()
    {
        var from = await outage.LastPosition();
        var expected = await outage.Write();
        await outage.Dedicated.CaughtUp();

        // As if this node's sweep had queued a turn for the subscription and the message had then been lost.
        var id = Guid.CreateVersion7();
        Assert.True(outage.Dedicated.Host.Services.GetRequiredService<SweptTurns>().TryQueue(id, DateTimeOffset.UtcNow, outage.SweepInterval));
        await outage.StalledSubscription(receiver.Url, from, id: id);

        await Eventually.Holds(() => receiver.Acknowledged().Count >= expected.Count, TimeSpan.FromSeconds(30), "the sweep to queue another turn");
        Assert.Equal(expected, receiver.Acknowledged().Select(r => r.Sequence));
    }
}

/// <summary>Webhooks on a service whose sweep does not run after start-up.</summary>
public sealed class WebhookRetryTests(UnsweptOutageHost outage) : IClassFixture<UnsweptOutageHost>, IAsyncLifetime
{
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await WebhookReceiver.Start();

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    [Fact]
    public async Task A_turn_cut_off_by_a_database_outage_is_retried_until_the_database_is_back_and_never_dead_lettered()
    {
        var firstArrived = new TaskCompletionSource();
        using var release = new ManualResetEventSlim();
        receiver.Answer = n =>
        {
            if (n > 1) return 200;
            firstArrived.SetResult();
            release.Wait(TimeSpan.FromSeconds(60));
            return 500;
        };
        var from = await outage.LastPosition();
        var expected = await outage.Write(detentions: 2);
        await outage.Dedicated.CaughtUp();
        // Subscribing queues the one turn there is: the relay has nothing new to announce, and the sweep does not run.
        await outage.Partner.Post<SubscriptionSecret>("/api/subscriptions", new Subscribe(receiver.Url, null, null, "retry", from + 1), 201);
        await firstArrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var (failedBefore, deadBefore) = (outage.FailedTurns(), await DeadLetteredTurns());

        await using (await outage.TakeDatabaseAway())
        {
            release.Set();
            await Eventually.Holds(() => outage.FailedTurns() > failedBefore, TimeSpan.FromSeconds(30), "the turn to fail");
        }

        await Eventually.Holds(() => receiver.Acknowledged().Count >= expected.Count, TimeSpan.FromSeconds(60), "every event, after the outage");
        Assert.Equal(expected, receiver.Acknowledged().Select(r => r.Sequence));
        Assert.Equal(deadBefore, await DeadLetteredTurns());
    }

    /// <summary>Delivery turns in Wolverine's dead letter storage (kept across runs of the tests, hence counted before and after).</summary>
    private async Task<long> DeadLetteredTurns()
    {
        await using var session = outage.Dedicated.Store.QuerySession();
        return (await session.AdvancedSql.QueryAsync<long>(
            "select count(*) from wolverine_dead_letters where message_type like ?", CancellationToken.None, $"%{nameof(DeliverWebhooks)}%")).Single();
    }

    [Fact]
    public async Task The_progress_report_shows_a_stalled_subscription_until_it_delivers()
    {
        await using (var session = outage.Dedicated.Store.LightweightSession()) // this test's subscription is the only active one
        {
            foreach (var other in await session.Query<WebhookSubscription>().Where(s => s.Status == SubscriptionStatus.Active).ToListAsync())
            {
                other.Status = SubscriptionStatus.Paused;
                session.Store(other);
            }
            await session.SaveChangesAsync();
        }
        var from = await outage.LastPosition();
        var expected = await outage.Write();
        await outage.Dedicated.CaughtUp();
        var due = DateTimeOffset.UtcNow.AddMinutes(-3);

        await outage.StalledSubscription(receiver.Url, from, due);

        var stalled = await outage.Auditor.Progress();
        Assert.Equal(new WebhookProgress(1, 1, from, due), stalled.Webhooks);
        Assert.Equal(expected[^1], stalled.HighWaterMark);

        await outage.Write(); // the relay wakes the subscription
        await Eventually.Holds(() => receiver.Acknowledged().Count > expected.Count, TimeSpan.FromSeconds(30), "the delivery");
        await outage.Dedicated.CaughtUp();
        await Eventually.Holds(async () => (await outage.Auditor.Progress()) is { Webhooks: { BehindHighWaterMark: 0, OldestOverdueAttemptAt: null } } report
            && report.Webhooks.LowestDelivered == report.HighWaterMark, TimeSpan.FromSeconds(30), "the report to show it caught up");
    }
}
