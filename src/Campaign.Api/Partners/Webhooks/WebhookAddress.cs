using System.Net;
using System.Net.Sockets;

namespace Campaign.Partners.Webhooks;

/// <summary>
/// Webhooks go only to public http(s) addresses: private, loopback and link-local ones are refused (unless
/// <c>Webhooks:AllowPrivateAddresses</c>), when subscribing and again at every connection, against DNS rebinding.
/// </summary>
public sealed class WebhookAddress(IConfiguration configuration)
{
    public bool AllowPrivate { get; } = configuration.GetValue<bool>("Webhooks:AllowPrivateAddresses");

    public async Task<string?> ProblemWith(string url, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return "A webhook address is an absolute http or https URL.";
        if (!string.IsNullOrEmpty(uri.UserInfo)) return "A webhook address carries no credentials.";
        if (AllowPrivate) return null;
        try
        {
            var addresses = IPAddress.TryParse(uri.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.Host, ct);
            return addresses.Length == 0 ? "The webhook host does not resolve."
                : addresses.Any(IsPrivate) ? "Webhooks are not delivered to private, loopback or link-local addresses." : null;
        }
        catch (SocketException)
        {
            return "The webhook host does not resolve.";
        }
    }

    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return true;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
        var b = address.GetAddressBytes();
        return b[0] is 10 or 127 or 0 || b[0] >= 224 || (b[0] == 169 && b[1] == 254) || (b[0] == 172 && b[1] is >= 16 and <= 31)
               || (b[0] == 192 && b[1] == 168) || (b[0] == 100 && b[1] is >= 64 and <= 127);
    }
}
