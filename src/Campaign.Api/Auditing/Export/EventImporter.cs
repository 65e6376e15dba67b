using Campaign.Infrastructure.Writing;
using Marten;
using Npgsql;
using NpgsqlTypes;

using Campaign.Auditing.Views;

namespace Campaign.Auditing.Export;

/// <summary>
/// Loads an export into an empty event store exactly as it was (positions, ids, versions, times, metadata), then rebuilds
/// the views from it. The chain is then recomputed by the daemon from the same rows, so it comes out identical.
/// </summary>
public sealed class EventImporter(IDocumentStore store, IConfiguration configuration)
{
    public async Task<int> Import(ExportFormat.Contents contents, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        if (await session.Events.QueryAllRawEvents().AnyAsync(ct))
            throw new StateConflict("The event store is not empty; an export is imported only into an empty one.");

        await using var connection = new NpgsqlConnection(Infrastructure.EventStore.ConnectionString(configuration));
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var stream in contents.Events.GroupBy(e => e.Event.StreamId))
        {
            var first = stream.First().Event;
            await Execute(connection, "insert into mt_streams (id, type, version, timestamp, created) values (@id, @type, @version, @last, @first)",
                ("id", stream.Key), ("type", (object?)first.StreamType ?? DBNull.Value), ("version", stream.Max(e => e.Event.Version)),
                ("last", stream.Max(e => e.Event.RecordedAt)), ("first", first.RecordedAt));
        }
        foreach (var (e, _) in contents.Events)
            await Execute(connection, """
                insert into mt_events (seq_id, id, stream_id, version, data, type, timestamp, mt_dotnet_type, correlation_id, causation_id, user_name, headers)
                values (@position, @id, @stream, @version, @data::jsonb, @type, @at, @dotnet, @correlation, @causation, @user, @headers::jsonb)
                """,
                ("position", e.Position), ("id", e.Id), ("stream", e.StreamId), ("version", e.Version), ("data", e.Data), ("type", e.Type),
                ("at", e.RecordedAt), ("dotnet", (object?)e.DotNetType ?? DBNull.Value), ("correlation", (object?)e.CorrelationId ?? DBNull.Value),
                ("causation", (object?)e.CausationId ?? DBNull.Value), ("user", (object?)e.UserName ?? DBNull.Value),
                ("headers", (object?)e.Headers ?? DBNull.Value));
        if (contents.Events.Count > 0)
            await Execute(connection, "select setval('mt_events_sequence', @last)", ("last", contents.Events[^1].Event.Position));
        await transaction.CommitAsync(ct);

        await Projections.RebuildAll(store, ct);
        return contents.Events.Count;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
            command.Parameters.Add(value is DateTimeOffset at
                ? new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = at.UtcDateTime }
                : new NpgsqlParameter(name, value));
        await command.ExecuteNonQueryAsync();
    }
}
