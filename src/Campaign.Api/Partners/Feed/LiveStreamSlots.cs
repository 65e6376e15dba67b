using System.Security.Claims;
using Campaign.Access;
using Microsoft.Extensions.Options;

namespace Campaign.Partners.Feed;

/// <summary>The live streams each credential holds open on this node, at most <c>Partners:MaxLiveStreamsPerCredential</c>.</summary>
public sealed class LiveStreamSlots(IOptions<LiveFeedOptions> options)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, int> held = [];

    public int Cap => options.Value.MaxLiveStreamsPerCredential;

    /// <summary>A slot for one more stream, given back when disposed; null when the credential holds all of its own.</summary>
    public IDisposable? TryTake(ClaimsPrincipal user)
    {
        var credential = user.FindFirstValue(CampaignClaims.KeyId) ?? user.Identity?.Name ?? "";
        lock (gate)
        {
            var count = held.GetValueOrDefault(credential);
            if (count >= Cap) return null;
            held[credential] = count + 1;
        }
        return new Slot(this, credential);
    }

    private void GiveBack(string credential)
    {
        lock (gate)
        {
            if (--held[credential] == 0) held.Remove(credential);
        }
    }

    private sealed class Slot(LiveStreamSlots slots, string credential) : IDisposable
    {
        private int givenBack;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref givenBack, 1) == 0) slots.GiveBack(credential);
        }
    }
}
