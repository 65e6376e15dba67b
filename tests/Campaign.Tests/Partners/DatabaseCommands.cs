using System.Diagnostics;

namespace Campaign.Tests.Partners;

/// <summary>
/// Counts the commands Npgsql sends to one database while it is alive, from Npgsql's own tracing (one activity per
/// command or batch, whoever sends it: requests, the async daemon, Wolverine, background services); only those whose
/// SQL text matches <paramref name="matching"/>, when given.
/// </summary>
public sealed class DatabaseCommands : IDisposable
{
    private readonly ActivityListener listener;
    private int count;

    public DatabaseCommands(string database, Func<string, bool>? matching = null)
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (Equals(activity.GetTagItem("db.name") ?? activity.GetTagItem("db.namespace"), database)
                    && (matching is null || matching($"{activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement")}")))
                    Interlocked.Increment(ref count);
            },
        };
        ActivitySource.AddActivityListener(listener);
    }

    public int Count => Volatile.Read(ref count);

    public void Dispose() => listener.Dispose();
}
