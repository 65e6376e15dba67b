using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Campaign.Partners.Feed;

/// <summary>An event as partners receive it, rendered once: its position, CloudEvents type, campaign and the CloudEvent (structured-mode JSON).</summary>
public sealed record PublicEvent(long Sequence, string Type, Guid Campaign, byte[] CloudEvent);

/// <summary>
/// The table of rendered public events that the feed and the live stream read, indexed for their filters. Each row
/// refers to its event, so that emptying the event store (tests, benchmarks) empties it too.
/// </summary>
public static class PublicEventsTable
{
    public const string Name = "public_events";

    public static Table Definition(string schema, string eventsSchema)
    {
        var table = new Table(new PostgresqlObjectName(schema, Name, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<long>("seq_id").AsPrimaryKey();
        table.AddColumn<string>("type").NotNull();
        table.AddColumn<Guid>("campaign_id").NotNull();
        table.AddColumn("cloud_event", "bytea").NotNull();
        table.ForeignKeys.Add(new ForeignKey("fkey_public_events_seq_id")
        {
            ColumnNames = ["seq_id"], LinkedNames = ["seq_id"], LinkedTable = new PostgresqlObjectName(eventsSchema, "mt_events", SchemaUtils.IdentifierUsage.General),
        });
        table.Indexes.Add(new IndexDefinition("ix_public_events_type") { Columns = ["type", "seq_id"] });
        table.Indexes.Add(new IndexDefinition("ix_public_events_campaign") { Columns = ["campaign_id", "seq_id"] });
        return table;
    }
}
