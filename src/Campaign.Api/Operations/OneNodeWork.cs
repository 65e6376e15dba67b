using Wolverine.Runtime.Agents;

namespace Campaign.Operations;

/// <summary>
/// Background work that runs on exactly one node of the cluster: a Wolverine agent that the leader assigns to one live
/// node and moves to another when that node stops or is lost (<see cref="Cluster"/>).
/// </summary>
public abstract class OneNodeWork(string scheme) : SingularAgent(scheme)
{
    private CancellationTokenSource? stopping;
    private Task running = Task.CompletedTask;

    /// <summary>The work, until <paramref name="stoppingToken"/> says the agent has moved away or the node stops.</summary>
    protected abstract Task Run(CancellationToken stoppingToken);

    protected override Task startAsync(CancellationToken cancellationToken)
    {
        if (stopping is not null) return Task.CompletedTask; // already running here: Wolverine may start an agent it finds assigned again
        stopping = new CancellationTokenSource();
        var token = stopping.Token;
        running = Task.Run(() => Run(token), CancellationToken.None);
        return Task.CompletedTask;
    }

    protected override async Task stopAsync(CancellationToken cancellationToken)
    {
        if (stopping is null) return;
        await stopping.CancelAsync();
        try
        {
            await running.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
        stopping.Dispose();
        stopping = null;
    }
}
