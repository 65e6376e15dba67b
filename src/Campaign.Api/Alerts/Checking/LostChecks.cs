using Campaign.Defendants;
using Marten;
using Wolverine;

namespace Campaign.Alerts.Checking;

/// <summary>
/// Sends a fresh check for every defendant that should have one pending and has not: never checked (recorded before the
/// service raised alerts, or while <c>Alerts:Enabled</c> was off), or whose scheduled check is over an hour late (it
/// failed for good and Wolverine set it aside among its dead letters). Housekeeping runs it every hour, on one node.
/// </summary>
public sealed class LostChecks(IDocumentStore store, IServiceProvider services, DeadlineWatch watch, TimeProvider clock)
{
    public static readonly TimeSpan LateAfter = TimeSpan.FromHours(1);

    public async Task<int> Resume(CancellationToken ct)
    {
        if (!watch.Enabled) return 0;
        await using var session = store.QuerySession();
        var pending = (await session.Query<DeadlineCheck>().ToListAsync(ct)).ToDictionary(c => c.Id, c => c.At);
        var late = clock.GetUtcNow() - LateAfter;
        var lost = (await session.Query<Defendant>().Select(d => d.Id).ToListAsync(ct))
            .Where(id => !pending.TryGetValue(id, out var at) || at < late).ToList();

        using var scope = services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        foreach (var id in lost) await bus.PublishAsync(new DeadlinesDue(id));
        return lost.Count;
    }
}
