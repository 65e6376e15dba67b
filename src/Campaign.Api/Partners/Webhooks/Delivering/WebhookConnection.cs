using System.Net;
using System.Net.Sockets;

namespace Campaign.Partners.Webhooks.Delivering;

/// <summary>
/// How deliveries reach receivers. Directly, by default: no proxy, not even one from <c>HTTP_PROXY</c>/<c>HTTPS_PROXY</c>,
/// so that the address check sees, at every connection, the receiver's own address. Through <c>Webhooks:Proxy</c> when
/// an operator sets one: then the receiver's host name is checked before each request, but the proxy resolves it again
/// itself (a rebinding window), so that proxy should refuse private destinations too.
/// </summary>
public static class WebhookConnection
{
    public static HttpMessageHandler Handler(WebhookAddress addresses, Uri? proxy)
    {
        var sockets = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            UseProxy = proxy is not null,
            Proxy = proxy is null ? null : new WebProxy(proxy),
        };
        if (proxy is not null) return new TargetCheck(addresses) { InnerHandler = sockets };
        sockets.ConnectCallback = GuardedConnect(addresses);
        return sockets;
    }

    /// <summary>Connects only to the host's allowed addresses, so that a host resolving to a special one later is still refused.</summary>
    private static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> GuardedConnect(WebhookAddress addresses) =>
        async (context, ct) =>
        {
            var candidates = await WebhookAddress.Resolve(context.DnsEndPoint.Host, ct);
            var allowed = candidates.Where(a => addresses.AllowPrivate || !SpecialPurposeAddresses.IsRefused(a)).ToArray();
            if (allowed.Length == 0) throw new HttpRequestException($"Refused: {WebhookAddress.Refusal}");

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };

    /// <summary>Behind a proxy, the connection is to the proxy: the receiver's address is checked before the request instead.</summary>
    private sealed class TargetCheck(WebhookAddress addresses) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
            await addresses.ProblemWith(request.RequestUri!.AbsoluteUri, ct) is { } problem
                ? throw new HttpRequestException($"Refused: {problem}")
                : await base.SendAsync(request, ct);
    }
}
