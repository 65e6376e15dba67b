using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Campaign.Access;
using Microsoft.Extensions.Options;

namespace Campaign.Infrastructure.Hardening;

/// <summary>
/// How many requests a minute each caller may make: each credential has its own budget (<c>Limits:RequestsPerMinute</c>);
/// requests without a valid one (none, or a wrong, expired or revoked key) share a smaller budget per address
/// (<c>Limits:UnauthenticatedRequestsPerMinute</c>), so that guessing keys is slow and cannot spend anyone else's budget.
/// Checking a key id this node has not found to exist spends a permit of that address budget before the database is
/// asked (see <see cref="SpendBeforeAuthentication"/>): once it is spent, invented keys cost no lookup.
/// The budgets are counted in each node's memory: a count shared by the nodes would cost a round trip to the database
/// on every request, the unauthenticated ones included (docs/operations.md: set each node's budget to the cluster's
/// divided by the number of nodes).
/// </summary>
public sealed class RequestBudgets
{
    private static readonly object SpentBeforeAuthenticationItem = new();

    public RequestBudgets(IOptions<LimitOptions> limits)
    {
        PerCredential = limits.Value.RequestsPerMinute;
        PerAddress = limits.Value.UnauthenticatedRequestsPerMinute;
        Limiter = PartitionedRateLimiter.Create<HttpContext, string>(Partition);
    }

    public int PerCredential { get; }
    public int PerAddress { get; }

    /// <summary>The pipeline's global rate limiter (<c>UseRateLimiter</c>).</summary>
    public PartitionedRateLimiter<HttpContext> Limiter { get; }

    /// <summary>
    /// Spends a permit of the caller's address budget for work done before its credential is known; the rate limiter
    /// then does not count the request again. Returns false when the budget is spent: the request is then answered
    /// 429 when it is challenged (<see cref="RefusedBeforeAuthentication"/>).
    /// </summary>
    public bool SpendBeforeAuthentication(HttpContext context)
    {
        var lease = Limiter.AttemptAcquire(context); // not yet authenticated: the address's budget
        context.Items[SpentBeforeAuthenticationItem] = lease;
        context.Response.RegisterForDispose(lease);
        return lease.IsAcquired;
    }

    /// <summary>How long to wait, when the request was refused a permit before authentication; null otherwise.</summary>
    public static TimeSpan? RefusedBeforeAuthentication(HttpContext context) =>
        context.Items.TryGetValue(SpentBeforeAuthenticationItem, out var item) && item is RateLimitLease { IsAcquired: false } lease
            ? RetryAfter(lease)
            : null;

    public static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);

    /// <summary>Answers 429 problem details naming the budget the request has run out of.</summary>
    public Task Refuse(HttpContext context, TimeSpan retryAfter) =>
        Problems.TooManyRequests(context, retryAfter, "Too many requests.", Credential(context) is not null
            ? $"This credential may make {PerCredential} requests a minute."
            : $"Requests without a valid credential are limited to {PerAddress} a minute from one address.");

    private RateLimitPartition<string> Partition(HttpContext context) =>
        Credential(context) is { } credential ? Window($"credential:{credential}", PerCredential)
        : context.Items.ContainsKey(SpentBeforeAuthenticationItem) ? RateLimitPartition.GetNoLimiter("spent before authentication")
        : Window($"address:{AddressOf(context)}", PerAddress);

    private static RateLimitPartition<string> Window(string partition, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
        });

    private static string? Credential(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true
            ? context.User.FindFirstValue(CampaignClaims.KeyId) ?? context.User.Identity.Name
            : null;

    /// <summary>The caller's address; an IPv6 caller by its /64, the block one subscriber usually holds.</summary>
    private static string AddressOf(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4().ToString();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }
}
