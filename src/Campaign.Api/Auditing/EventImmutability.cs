using Npgsql;

namespace Campaign.Auditing;

/// <summary>
/// Makes PostgreSQL refuse any UPDATE or DELETE of an event row, whoever asks: Marten only ever inserts events (this
/// service archives and deletes none). A role that owns the tables could still drop the trigger, and a superuser
/// can bypass it; run the service as a role that owns neither, and rely on the chain to reveal what such a role does.
/// </summary>
public sealed class EventImmutability(IConfiguration configuration) : IHostedService
{
    private const string Sql = """
        create or replace function campaign_refuse_event_change() returns trigger language plpgsql as $$
        begin
          raise exception 'Events are never changed or deleted: % of mt_events refused', tg_op using errcode = 'insufficient_privilege';
        end $$;
        create or replace trigger campaign_events_are_immutable before update or delete on mt_events
          for each row execute function campaign_refuse_event_change();
        """;

    public async Task StartAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(Infrastructure.EventStore.ConnectionString(configuration));
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(Sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
