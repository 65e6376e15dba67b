using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Campaign.Partners.Webhooks;

/// <summary>
/// Webhooks go only to public http(s) addresses: every special-purpose address (private, loopback, link-local,
/// documentation, benchmarking…, also when embedded in IPv6) is refused, unless <c>Webhooks:AllowPrivateAddresses</c>,
/// when subscribing and again at every connection, against DNS rebinding.
/// </summary>
public sealed class WebhookAddress(IOptions<WebhookOptions> options)
{
    public const string Refusal = "Webhooks are not delivered to private, loopback, link-local or other special-purpose addresses. " +
        "To try webhooks locally, the service's operator can allow them with the setting Webhooks:AllowPrivateAddresses=true " +
        "(environment variable Webhooks__AllowPrivateAddresses=true); never on a service reachable from the internet.";

    public bool AllowPrivate => options.Value.AllowPrivateAddresses;

    public async Task<string?> ProblemWith(string url, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return "A webhook address is an absolute http or https URL.";
        if (!string.IsNullOrEmpty(uri.UserInfo)) return "A webhook address carries no credentials.";
        if (AllowPrivate) return null;
        try
        {
            var addresses = await Resolve(uri.IdnHost, ct);
            return addresses.Length == 0 ? "The webhook host does not resolve."
                : addresses.Any(SpecialPurposeAddresses.IsRefused) ? Refusal : null;
        }
        catch (SocketException)
        {
            return "The webhook host does not resolve.";
        }
    }

    /// <summary>The addresses a host (a name, or an IP literal with or without brackets) stands for.</summary>
    public static async Task<IPAddress[]> Resolve(string host, CancellationToken ct) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
}
