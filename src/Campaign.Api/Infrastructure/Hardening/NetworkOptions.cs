using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Campaign.Infrastructure.Hardening;

/// <summary>The <c>Network</c> settings: the reverse proxies whose forwarded headers are trusted (see <see cref="RequestHardening"/>).</summary>
public sealed class NetworkOptions : IValidatableObject
{
    public string[] KnownProxies { get; set; } = [];
    public string[] KnownNetworks { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (KnownProxies.FirstOrDefault(p => !IPAddress.TryParse(p, out _)) is { } proxy)
            yield return new($"has '{proxy}', which is not an IP address", [nameof(KnownProxies)]);
        if (KnownNetworks.FirstOrDefault(n => !IPNetwork.TryParse(n, out _)) is { } network)
            yield return new($"has '{network}', which is not a network in CIDR notation (e.g. 10.0.0.0/8)", [nameof(KnownNetworks)]);
    }
}
