using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Wolverine.Runtime;

namespace Campaign.Tests.Support;

public static class EmptyStore
{
    /// <summary>
    /// Empties the store, as <see cref="HostExtensions.ResetAllMartenDataAsync(IHost)"/> does. Marten pauses the
    /// projections and subscriptions meanwhile, but cannot resume those that Wolverine runs on this node
    /// (<c>Projections:Daemon</c> Distributed): they are started again here, from the emptied store.
    /// </summary>
    public static async Task ResetAllDataAsync(this IHost host)
    {
        await host.ResetAllMartenDataAsync();
        var agents = host.Services.GetRequiredService<IWolverineRuntime>().Agents;
        foreach (var agent in agents.AllRunningAgentUris().Where(uri => uri.Scheme == "event-subscriptions"))
        {
            await agents.StopLocallyAsync(agent);
            await agents.StartLocallyAsync(agent);
        }
    }
}
