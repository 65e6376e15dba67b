using Campaign.Access;
using Campaign.Confidentiality;
using Campaign.Partners.Webhooks;
using Campaign.Partners.Webhooks.Delivering;
using Campaign.Partners.Webhooks.Subscribing;
using Campaign.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Partners;

/// <summary>The service on a database of its own, which these tests take away and give back; webhooks swept twice a second.</summary>
public sealed class OutageHost : IAsyncLifetime
{
    private const string Suffix = "_outage";

    public DedicatedHost Dedicated { get; private set; } = null!;
    public LogCapture Logs { get; } = new();
    public Api Staff { get; private set; } = null!;
    public Api Partner { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Restore(); // in case an earlier run stopped while the database was away
        Dedicated = await DedicatedHost.Start(Suffix, new Dictionary<string, string>
        {
            ["Webhooks:AllowPrivateAddresses"] = "true",
            ["Webhooks:RetryBaseDelay"] = "00:00:00.100",
            ["Webhooks:RetryMaxDelay"] = "00:00:00.500",
            ["Webhooks:Timeout"] = "00:01:00",
            ["Webhooks:SweepInterval"] = "00:00:00.500",
            ["Confidentiality:MasterKey"] = AppFixture.MasterKey,
        });
        Dedicated.Host.Services.GetRequiredService<ILoggerFactory>().AddProvider(Logs);
        Staff = await Dedicated.As(Role.Staff, "staff@outage.test");
        Partner = await Dedicated.As(Role.Partner, "partner@outage.test");
    }

    /// <summary>Ends every connection to the database and refuses new ones, superusers included, until <see cref="Restore"/>.</summary>
    public Task TakeDatabaseAway() => Admin(db =>
        $"""alter database "{db}" allow_connections false; select pg_terminate_backend(pid) from pg_stat_activity where datname = '{db}'""");

    public Task Restore() => Admin(db => $"""alter database "{db}" allow_connections true""");

    private static async Task Admin(Func<string, string> sql)
    {
        var target = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("ConnectionStrings__Marten")
            ?? throw new InvalidOperationException("The tests need PostgreSQL: run them with deploy/test.sh."));
        var database = target.Database + Suffix;
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync() is not null) await new NpgsqlCommand(sql(database), connection).ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        await Restore();
        await Dedicated.DisposeAsync();
    }
}

public sealed class WebhookOutageTests(OutageHost outage) : IClassFixture<OutageHost>, IAsyncLifetime
{
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await WebhookReceiver.Start();

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    private async Task<long> LastPosition()
    {
        await outage.Dedicated.CaughtUp();
        return (await outage.Dedicated.PositionsAfter(0)).LastOrDefault();
    }

    private int FailedTurns() => outage.Logs.Lines.Count(l => l.Contains("Failed to process message") && l.Contains(nameof(DeliverWebhooks)));

    [Fact]
    public async Task After_a_database_outage_delivery_resumes_by_itself_with_no_new_write()
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
        var from = await LastPosition();
        await outage.Partner.Post<SubscriptionSecret>("/api/subscriptions", new Subscribe(receiver.Url, null, null, "outage", from + 1), 201);
        var (_, defendant, _) = await outage.Staff.ChargedDefendant();
        for (var i = 0; i < 3; i++) await outage.Staff.Post($"/api/defendants/{defendant}/detentions", Detention());
        var expected = await outage.Dedicated.PositionsAfter(from);
        await firstArrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var failedBefore = FailedTurns();

        await outage.TakeDatabaseAway();
        release.Set();
        // The turn cannot record the failure; its retry cannot even start. Both fail while the database is away.
        await Eventually.Holds(() => FailedTurns() >= failedBefore + 2, TimeSpan.FromSeconds(30), "a turn and its retry to fail");
        await outage.Restore();

        await Eventually.Holds(() => receiver.Acknowledged().Count >= expected.Count, TimeSpan.FromSeconds(60), "every event, after the outage");
        Assert.Equal(expected, receiver.Acknowledged().Select(r => r.Sequence));
        Assert.Equal(expected, await outage.Dedicated.PositionsAfter(from)); // nothing new was written
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_subscription_behind_with_no_turn_queued_is_picked_up_by_the_sweep(bool retryDue)
    {
        var from = await LastPosition();
        var (_, defendant, _) = await outage.Staff.ChargedDefendant();
        await outage.Staff.Post($"/api/defendants/{defendant}/detentions", Detention());
        var expected = await outage.Dedicated.PositionsAfter(from);
        await outage.Dedicated.CaughtUp(); // the relay has asked every subscription there was

        // Stored as a stalled subscription looks, with no message to deliver it queued anywhere.
        var (id, now) = (Guid.CreateVersion7(), DateTimeOffset.UtcNow);
        var master = outage.Dedicated.Host.Services.GetRequiredService<MasterKey>();
        await using (var session = outage.Dedicated.Store.LightweightSession())
        {
            session.Insert(new WebhookSubscription
            {
                Id = id, Owner = "partner@outage.test", Url = receiver.Url, CreatedAt = now, Secrets = [WebhookSecret.New(id, master, now).Stored],
                Status = SubscriptionStatus.Active,
            });
            session.Insert(new WebhookCursor
            {
                Id = id, DeliveredUpTo = from, ConsecutiveFailures = retryDue ? 3 : 0, FailingSince = retryDue ? now.AddMinutes(-5) : null,
                NextAttemptAt = retryDue ? now.AddSeconds(-30) : null, LastError = retryDue ? "HTTP 503" : null,
            });
            await session.SaveChangesAsync();
        }

        await Eventually.Holds(() => receiver.Acknowledged().Count >= expected.Count, TimeSpan.FromSeconds(30), "the sweep to resume delivery");
        Assert.Equal(expected, receiver.Acknowledged().Select(r => r.Sequence));
    }
}
