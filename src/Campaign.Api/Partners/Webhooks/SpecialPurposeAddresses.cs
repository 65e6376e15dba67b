using System.Net;
using System.Net.Sockets;

namespace Campaign.Partners.Webhooks;

/// <summary>
/// Where webhooks never go: the ranges of the IANA IPv4 and IPv6 Special-Purpose Address Registries that are not
/// globally reachable, multicast, and IPv6 outside global unicast. An IPv6 address that embeds an IPv4 one is judged
/// by the IPv4 address it leads to.
/// </summary>
public static class SpecialPurposeAddresses
{
    public sealed record Range(IPNetwork Network, string Name)
    {
        public Range(string cidr, string name) : this(IPNetwork.Parse(cidr), name) { }

        // Bit by bit: IPNetwork.Contains treats IPv4-mapped addresses in its own way.
        public bool Contains(IPAddress address)
        {
            if (address.AddressFamily != Network.BaseAddress.AddressFamily) return false;
            var (prefix, bytes) = (Network.BaseAddress.GetAddressBytes(), address.GetAddressBytes());
            for (var (i, bits) = (0, Network.PrefixLength); bits > 0; i++, bits -= 8)
                if (((prefix[i] ^ bytes[i]) & (0xFF << (8 - Math.Min(bits, 8)))) != 0) return false;
            return true;
        }
    }

    public static readonly IReadOnlyList<Range> Refused =
    [
        new("0.0.0.0/8", "this network"),
        new("10.0.0.0/8", "private use"),
        new("100.64.0.0/10", "shared address space (carrier-grade NAT)"),
        new("127.0.0.0/8", "loopback"),
        new("169.254.0.0/16", "link-local"),
        new("172.16.0.0/12", "private use"),
        new("192.0.0.0/24", "IETF protocol assignments"),
        new("192.0.2.0/24", "documentation (TEST-NET-1)"),
        new("192.88.99.0/24", "6to4 relay anycast (deprecated)"),
        new("192.168.0.0/16", "private use"),
        new("198.18.0.0/15", "benchmarking"),
        new("198.51.100.0/24", "documentation (TEST-NET-2)"),
        new("203.0.113.0/24", "documentation (TEST-NET-3)"),
        new("224.0.0.0/4", "multicast"),
        new("240.0.0.0/4", "reserved"),
        new("255.255.255.255/32", "limited broadcast"),

        new("::/128", "unspecified"),
        new("::1/128", "loopback"),
        new("64:ff9b:1::/48", "IPv4-IPv6 translation, local use"),
        new("100::/64", "discard-only"),
        new("100:0:0:1::/64", "dummy prefix"),
        new("2001::/23", "IETF protocol assignments (Teredo, benchmarking, ORCHID…)"),
        new("2001:db8::/32", "documentation"),
        new("3fff::/20", "documentation"),
        new("5f00::/16", "segment routing (SRv6) SIDs"),
        new("fc00::/7", "unique local"),
        new("fe80::/10", "link-local"),
        new("fec0::/10", "site-local (deprecated)"),
        new("ff00::/8", "multicast"),
        // Only 2000::/3 is allocated for global unicast; the embedding forms below are unwrapped before this check.
        new("::/3", "not global unicast"),
        new("4000::/2", "not global unicast"),
        new("8000::/1", "not global unicast"),
    ];

    /// <summary>IPv6 forms that carry an IPv4 address, and the byte where it starts.</summary>
    private static readonly IReadOnlyList<(Range Prefix, int At)> Embeddings =
    [
        (new("::ffff:0:0/96", "IPv4-mapped"), 12),
        (new("::ffff:0:0:0/96", "IPv4-translated (SIIT)"), 12),
        (new("::/96", "IPv4-compatible (deprecated)"), 12),
        (new("64:ff9b::/96", "NAT64, well-known prefix"), 12),
        (new("2002::/16", "6to4"), 2),
    ];

    /// <summary>The refused range the address falls in, after unwrapping an embedded IPv4 address; null for a public address.</summary>
    public static Range? RangeOf(IPAddress address)
    {
        var target = Unwrap(address);
        return Refused.FirstOrDefault(r => r.Contains(target));
    }

    public static bool IsRefused(IPAddress address) => RangeOf(address) is not null;

    /// <summary>The IPv4 address an IPv6 one embeds, if any (but <c>::</c> and <c>::1</c> are themselves); else the address.</summary>
    public static IPAddress Unwrap(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6 || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6Loopback))
            return address;
        foreach (var (prefix, at) in Embeddings)
            if (prefix.Contains(address)) return new IPAddress(address.GetAddressBytes().AsSpan(at, 4));
        return address;
    }
}
