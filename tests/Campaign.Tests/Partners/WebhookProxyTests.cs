using System.Net;
using Campaign.Partners.Webhooks;
using Campaign.Partners.Webhooks.Delivering;
using Campaign.Tests.Support;
using Microsoft.Extensions.Options;

namespace Campaign.Tests.Partners;

/// <summary>
/// Deliveries and proxies. These tests set the process-wide default proxy (what <c>HTTP_PROXY</c> sets), so they run
/// alone. The "proxy" is a second receiver on loopback: a proxied request reaches it instead of its target.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class WebhookProxyTests : IAsyncLifetime
{
    private WebhookReceiver receiver = null!;
    private WebhookReceiver proxy = null!;

    public async Task InitializeAsync() => (receiver, proxy) = (await WebhookReceiver.Start(), await WebhookReceiver.Start());

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        await proxy.DisposeAsync();
    }

    private Uri ProxyAddress => new(new Uri(proxy.Url), "/");

    private static WebhookAddress Addresses(bool allowPrivate) => new(Options.Create(new WebhookOptions { AllowPrivateAddresses = allowPrivate }));

    private static Task<HttpResponseMessage> Deliver(HttpMessageHandler handler, string url) =>
        new HttpClient(handler).PostAsync(url, new StringContent("{}"));

    [Fact]
    public async Task Deliveries_ignore_the_proxy_the_environment_sets()
    {
        var previous = HttpClient.DefaultProxy;
        HttpClient.DefaultProxy = new WebProxy(ProxyAddress);
        try
        {
            await Deliver(new SocketsHttpHandler(), receiver.Url); // what any other client does: through the proxy
            Assert.Single(proxy.Requests);

            var response = await Deliver(WebhookConnection.Handler(Addresses(allowPrivate: true), proxy: null), receiver.Url);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Single(receiver.Requests);
            Assert.Single(proxy.Requests);
        }
        finally
        {
            HttpClient.DefaultProxy = previous;
        }
    }

    [Fact]
    public async Task Through_a_configured_proxy_the_receivers_address_is_still_checked()
    {
        var handler = WebhookConnection.Handler(Addresses(allowPrivate: false), ProxyAddress);

        await Assert.ThrowsAsync<HttpRequestException>(() => Deliver(handler, receiver.Url));
        await Assert.ThrowsAsync<HttpRequestException>(() => Deliver(handler, "http://[64:ff9b::a9fe:a9fe]/hook"));
        var response = await Deliver(handler, "http://93.184.216.34/hook"); // public: handed to the proxy (on loopback)

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(receiver.Requests);
        Assert.Single(proxy.Requests);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideCollection
{
    public const string Name = "process-wide settings";
}
