using Campaign.Infrastructure;
using Campaign.Infrastructure.Writing;
using Campaign.Partners.Webhooks;
using Campaign.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Http;

[Collection(AppCollection.Name)]
public sealed class HousekeepingTests(AppFixture app)
{
    private static IdempotentWrite Answer(DateTimeOffset at) =>
        new() { Id = $"test|{Guid.NewGuid()}", Fingerprint = "f", Streams = [], RecordedAt = at };

    private static WebhookDelivery Delivery(DateTimeOffset at) => new()
    {
        SubscriptionId = Guid.NewGuid(), Position = 1, EventId = Guid.NewGuid(), EventType = "org.campaign.released.v1", AttemptedAt = at,
    };

    [Fact]
    public async Task Old_idempotency_answers_and_deliveries_are_forgotten_and_recent_ones_kept()
    {
        var now = DateTimeOffset.UtcNow;
        var (oldAnswer, newAnswer) = (Answer(now.AddDays(-8)), Answer(now.AddDays(-6)));
        var (oldDelivery, newDelivery) = (Delivery(now.AddDays(-31)), Delivery(now.AddDays(-29)));
        await using (var session = app.Store.LightweightSession())
        {
            session.Store(oldAnswer, newAnswer);
            session.Store(oldDelivery, newDelivery);
            await session.SaveChangesAsync();
        }

        await app.Host.Services.GetRequiredService<Housekeeping>().Sweep(default);

        await using var check = app.Store.QuerySession();
        Assert.Null(await check.LoadAsync<IdempotentWrite>(oldAnswer.Id));
        Assert.NotNull(await check.LoadAsync<IdempotentWrite>(newAnswer.Id));
        Assert.Null(await check.LoadAsync<WebhookDelivery>(oldDelivery.Id));
        Assert.NotNull(await check.LoadAsync<WebhookDelivery>(newDelivery.Id));
    }
}
