using Campaign.Defendants;
using Campaign.Demo;
using Campaign.Developments;
using Campaign.Partners.Webhooks;
using Campaign.Partners.Webhooks.Subscribing;
using Campaign.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Partners;

[Collection(PartnerCollection.Name)]
public sealed class WebhookTests(PartnerFixture partners) : IAsyncLifetime
{
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await WebhookReceiver.Start();

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    private async Task<(SubscriptionSecret Subscription, long From)> Subscribe(params string[] eventTypes)
    {
        await partners.ViewsCaughtUp();
        var from = (await partners.PositionsAfter(0)).LastOrDefault();
        var subscription = await partners.Partner.Post<SubscriptionSecret>("/api/subscriptions",
            new Subscribe(receiver.Url, eventTypes, null, "test receiver", from + 1), 201);
        return (subscription, from);
    }

    private async Task<List<long>> AllArrive(long from, TimeSpan? within = null)
    {
        await partners.ViewsCaughtUp();
        var expected = await partners.PositionsAfter(from);
        await Eventually.Holds(() => receiver.Acknowledged().Count >= expected.Count, within ?? TimeSpan.FromSeconds(60),
            $"{expected.Count} deliveries");
        return expected;
    }

    [Fact]
    public async Task The_whole_atajurt_case_arrives_in_order_signed_and_with_nothing_confidential()
    {
        var (subscription, from) = await Subscribe();
        await new AtajurtCase(partners.Staff.Client(), partners.Staff.Json, $"webhooks:{Guid.NewGuid()}").Load();
        var campaign = await partners.Staff.LaunchCampaign();
        var secretive = (await partners.Staff.Post($"/api/campaigns/{campaign}/defendants",
            new { displayName = "Alias", legalName = "PLANTED-LEGAL-NAME" }, 201)).Id;
        await partners.Staff.Post($"/api/defendants/{secretive}/custody", Custody(CustodyStatus.HouseArrest) with
        {
            Source = new Source("https://planted.example", "PLANTED-RELATIVE", Jan22, Note: "PLANTED-NOTE", Kind: SourceKind.Relative, Confidential: true),
        });

        var expected = await AllArrive(from);

        var delivered = receiver.Acknowledged();
        Assert.Equal(expected, delivered.Select(r => r.Sequence));
        Assert.All(delivered, r => Assert.True(WebhookVerifier.Verify(subscription.Secret, r.Id, r.Timestamp, r.Signature, r.Body, DateTimeOffset.UtcNow)));
        Assert.All(delivered, r => Assert.DoesNotContain("PLANTED", System.Text.Encoding.UTF8.GetString(r.Body)));
        Assert.Contains(delivered, r => r.CloudEvent.GetProperty("type").GetString() == "org.campaign.charge-escalated.v1");
        Assert.Equal(19, delivered.Count(r => r.CloudEvent.GetProperty("type").GetString() == "org.campaign.detention-recorded.v1"));
    }

    [Fact]
    public async Task A_receiver_failing_for_a_while_gets_everything_in_order_once_it_recovers()
    {
        receiver.Answer = n => n <= 6 ? 500 : 200;
        var (_, from) = await Subscribe();
        var (_, defendant, _) = await partners.Staff.ChargedDefendant();
        for (var i = 0; i < 5; i++) await partners.Staff.Post($"/api/defendants/{defendant}/detentions", Detention());

        var expected = await AllArrive(from);

        Assert.Equal(expected, receiver.Acknowledged().Select(r => r.Sequence));
        Assert.Equal(6, receiver.Requests.Count(r => r.AnsweredWith == 500));
        Assert.Equal(receiver.Requests.First().Id, receiver.Acknowledged().First().Id); // the failed event came first, again
    }

    [Fact]
    public async Task Stopping_the_service_mid_delivery_loses_nothing()
    {
        receiver.Delay = TimeSpan.FromMilliseconds(100);
        var (_, from) = await Subscribe();
        var (_, defendant, _) = await partners.Staff.ChargedDefendant();
        for (var i = 0; i < 20; i++) await partners.Staff.Post($"/api/defendants/{defendant}/detentions", Detention());
        await partners.ViewsCaughtUp();
        var expected = await partners.PositionsAfter(from);
        await Eventually.Holds(() => receiver.Requests.Count >= 3, TimeSpan.FromSeconds(30), "the first deliveries");

        await partners.Restart();

        await Eventually.Holds(() => receiver.Acknowledged().Count >= expected.Count, TimeSpan.FromSeconds(60), "every delivery after the restart");
        Assert.Equal(expected, receiver.Acknowledged().Select(r => r.Sequence).Order());
    }

    [Fact]
    public async Task Two_deliverers_of_one_subscription_never_run_at_once()
    {
        receiver.Delay = TimeSpan.FromMilliseconds(30);
        var (subscription, from) = await Subscribe();
        await partners.Staff.ChargedDefendant();
        var expected = await AllArrive(from);
        await partners.Partner.Post<object>($"/api/subscriptions/{subscription.Id}/replay", new { fromPosition = expected[0] }, 202);
        var services = partners.Host.Services;

        // As two nodes would: two runs at once, straight through the handler.
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Deliver(services, subscription.Id)));
        await Eventually.Holds(() => receiver.Requests.Count >= expected.Count * 2, TimeSpan.FromSeconds(30), "the redelivery");

        var redelivered = receiver.Requests.Skip(expected.Count).Select(r => r.Id).ToList();
        Assert.Equal(redelivered.Distinct(), redelivered);
    }

    private static async Task Deliver(IServiceProvider services, Guid subscription)
    {
        using var scope = services.CreateScope();
        var provider = scope.ServiceProvider;
        await Campaign.Partners.Webhooks.Delivering.DeliverWebhooksHandler.Handle(new(subscription),
            provider.GetRequiredService<Marten.IDocumentStore>(), provider.GetRequiredService<Campaign.Partners.Feed.EventFeed>(),
            provider.GetRequiredService<Campaign.Partners.PartnerCloudEvents>(), provider.GetRequiredService<Campaign.Partners.Webhooks.Delivering.WebhookSender>(),
            provider.GetRequiredService<Wolverine.IMessageBus>(), provider.GetRequiredService<Campaign.Partners.Webhooks.Delivering.SweptTurns>(),
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebhookOptions>>(),
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>(), default);
    }

    [Fact]
    public async Task A_410_gone_disables_the_subscription_and_the_deliveries_say_why()
    {
        receiver.Answer = _ => 410;
        var (subscription, _) = await Subscribe();
        await partners.Staff.LaunchCampaign();

        await Eventually.Holds(() => receiver.Requests.Count >= 1, TimeSpan.FromSeconds(30), "a delivery attempt");
        SubscriptionView view = null!;
        await Eventually.Holds(() =>
        {
            view = partners.Partner.Get<SubscriptionView>($"/api/subscriptions/{subscription.Id}").GetAwaiter().GetResult();
            return view.Status == SubscriptionStatus.Disabled;
        }, TimeSpan.FromSeconds(30), "the subscription to be disabled");

        Assert.Contains("410", view.DisabledReason);
        var attempt = Assert.Single(await partners.Partner.Get<List<DeliveryView>>($"/api/subscriptions/{subscription.Id}/deliveries"));
        Assert.Equal((410, false), (attempt.StatusCode, attempt.Succeeded));
    }

    [Fact]
    public async Task After_a_rotation_deliveries_carry_signatures_for_the_new_and_the_old_secret()
    {
        var (subscription, _) = await Subscribe("org.campaign.campaign-launched.v1");
        var rotated = await partners.Partner.Post<SubscriptionSecret>($"/api/subscriptions/{subscription.Id}/secret", new { });
        await partners.Staff.LaunchCampaign();

        await Eventually.Holds(() => receiver.Acknowledged().Count >= 1, TimeSpan.FromSeconds(30), "a delivery");

        var delivery = receiver.Acknowledged()[0];
        Assert.Equal(2, delivery.Signature.Split(' ').Length);
        Assert.True(WebhookVerifier.Verify(rotated.Secret, delivery.Id, delivery.Timestamp, delivery.Signature, delivery.Body, DateTimeOffset.UtcNow));
        Assert.True(WebhookVerifier.Verify(subscription.Secret, delivery.Id, delivery.Timestamp, delivery.Signature, delivery.Body, DateTimeOffset.UtcNow));
        Assert.NotNull(rotated.PreviousSecretValidUntil);
        await using var session = partners.Store.QuerySession();
        var stored = (await session.LoadAsync<WebhookSubscription>(subscription.Id))!.Secrets.Select(s => s.Value).ToList();
        Assert.Equal(2, stored.Count);
        Assert.DoesNotContain(rotated.Secret, stored); // kept wrapped with the master key
        Assert.DoesNotContain(subscription.Secret, stored);
    }

    [Fact]
    public async Task A_replay_redelivers_from_the_position_asked()
    {
        var (subscription, from) = await Subscribe();
        await partners.Staff.ChargedDefendant();
        var expected = await AllArrive(from);

        await partners.Partner.Post<object>($"/api/subscriptions/{subscription.Id}/replay", new { fromPosition = expected[1] }, 202);

        await Eventually.Holds(() => receiver.Requests.Count >= expected.Count * 2 - 1, TimeSpan.FromSeconds(30), "the redelivery");
        Assert.Equal(expected.Skip(1), receiver.Requests.Skip(expected.Count).Select(r => r.Sequence));
    }

    [Fact]
    public async Task A_forged_stale_or_wrongly_keyed_delivery_fails_the_check()
    {
        var (subscription, from) = await Subscribe();
        await partners.Staff.LaunchCampaign();
        await AllArrive(from);
        var real = receiver.Acknowledged()[0];
        bool Check(string secret, string timestamp, byte[] body, DateTimeOffset now) =>
            WebhookVerifier.Verify(secret, real.Id, timestamp, real.Signature, body, now);

        Assert.True(Check(subscription.Secret, real.Timestamp, real.Body, DateTimeOffset.UtcNow));
        Assert.False(Check(subscription.Secret, real.Timestamp, [.. real.Body, (byte)' '], DateTimeOffset.UtcNow));
        Assert.False(Check(subscription.Secret, real.Timestamp, real.Body, DateTimeOffset.UtcNow.AddMinutes(10)));
        var stranger = $"whsec_{Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))}";
        Assert.False(Check(stranger, real.Timestamp, real.Body, DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task Another_partner_cannot_see_or_touch_the_subscription()
    {
        var (subscription, _) = await Subscribe();
        var other = partners.Partner.As((await partners.Issue(Access.Role.Partner, $"other-{Guid.NewGuid():N}@test")).Key);

        await other.Get<object>($"/api/subscriptions/{subscription.Id}", 404);
        await other.Reject($"/api/subscriptions/{subscription.Id}/replay", new { fromPosition = 1 }, 404);
        Assert.DoesNotContain(await other.Get<List<SubscriptionView>>("/api/subscriptions"), s => s.Id == subscription.Id);
    }
}
