using System.Net.Sockets;
using Npgsql;

namespace Campaign.Partners.Webhooks.Delivering;

/// <summary>A failure that goes away when the database comes back: connection lost or refused, server shutting down, timeout.</summary>
public static class TransientDatabaseError
{
    public static bool Matches(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            var transient = e switch
            {
                PostgresException p => p.IsTransient || p.SqlState.StartsWith("08", StringComparison.Ordinal)
                                       || p.SqlState.StartsWith("57P", StringComparison.Ordinal), // connection; shutdown, cannot connect now
                NpgsqlException n => n.IsTransient,
                AggregateException a => a.InnerExceptions.Any(Matches),
                _ => e is SocketException or TimeoutException,
            };
            if (transient) return true;
        }
        return false;
    }
}
