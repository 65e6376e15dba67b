using System.Runtime.CompilerServices;
using Npgsql;

namespace Campaign.Auditing;

/// <summary>An event row exactly as stored: its data and headers as PostgreSQL's own jsonb text, so that they hash the same every time.</summary>
public sealed record RecordedEvent(
    long Position, Guid Id, Guid StreamId, string? StreamType, long Version, string Type, string? DotNetType, string Data,
    DateTimeOffset RecordedAt, string? CorrelationId, string? CausationId, string? UserName, string? Headers);

/// <summary>
/// Reads event rows in global order, straight from <c>mt_events</c>, a page per statement: a reader that takes its time
/// (an export to a slow client) never holds one statement open past the service's statement timeout.
/// </summary>
public sealed class EventRows(IConfiguration configuration)
{
    private const int PageSize = 1000;

    private const string Select = """
        select e.seq_id, e.id, e.stream_id, s.type, e.version, e.type, e.mt_dotnet_type, e.data::text, e.timestamp,
               e.correlation_id, e.causation_id, e.user_name, e.headers::text
        from mt_events e left join mt_streams s on s.id = e.stream_id
        where e.seq_id > @after and e.seq_id <= @upTo order by e.seq_id limit @limit
        """;

    public async IAsyncEnumerable<RecordedEvent> Read(long after, long upTo, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(Infrastructure.EventStore.ConnectionString(configuration));
        await connection.OpenAsync(ct);
        while (true)
        {
            var page = await Page(connection, after, upTo, ct);
            foreach (var e in page) yield return e;
            if (page.Count < PageSize) yield break;
            after = page[^1].Position;
        }
    }

    private static async Task<List<RecordedEvent>> Page(NpgsqlConnection connection, long after, long upTo, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(Select, connection);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("upTo", upTo);
        command.Parameters.AddWithValue("limit", PageSize);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var page = new List<RecordedEvent>(PageSize);
        while (await reader.ReadAsync(ct))
            page.Add(new RecordedEvent(
                reader.GetInt64(0), reader.GetGuid(1), reader.GetGuid(2), Text(reader, 3), reader.GetInt64(4), reader.GetString(5),
                Text(reader, 6), reader.GetString(7), reader.GetFieldValue<DateTimeOffset>(8), Text(reader, 9), Text(reader, 10),
                Text(reader, 11), Text(reader, 12) is "null" ? null : Text(reader, 12))); // no headers, whether SQL or JSON null
        return page;
    }

    private static string? Text(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
}
