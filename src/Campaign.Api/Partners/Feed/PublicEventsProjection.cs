using Campaign.Partners.Contracts;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;

namespace Campaign.Partners.Feed;

/// <summary>
/// Renders every event partners may see, once, into <see cref="PublicEventsTable"/>: the CloudEvent exactly as
/// <see cref="PartnerCloudEvents"/> writes it (public fields only, so erasing a person's confidential data never
/// changes it), with its type and campaign for the filters. Run by the async daemon, a batch at a time in one statement
/// committed with the daemon's progress: the rows reach exactly the position that progress names, and the daemon never
/// passes the high-water mark.
/// </summary>
public sealed class PublicEventsProjection(PartnerCloudEvents cloudEvents) : IProjection
{
    public const string Name = "PublicEvents";

    public static void Configure(ProjectionBase projection)
    {
        projection.Name = Name;
        foreach (var type in PartnerEvent.Types.Keys) projection.IncludeType(type);
        projection.Options.DeleteDataInTableOnTeardown(PublicEventsTable.Name);
    }

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var rendered = events.Select(cloudEvents.Render).OfType<PublicEvent>().ToList();
        if (rendered.Count == 0) return Task.CompletedTask;
        operations.QueueSqlCommand(
            $"insert into {operations.DocumentStore.Options.DatabaseSchemaName}.{PublicEventsTable.Name} (seq_id, type, campaign_id, cloud_event) " +
            "select * from unnest(?::bigint[], ?::text[], ?::uuid[], ?::bytea[]) on conflict (seq_id) do nothing",
            rendered.Select(e => e.Sequence).ToArray(), rendered.Select(e => e.Type).ToArray(),
            rendered.Select(e => e.Campaign).ToArray(), rendered.Select(e => e.CloudEvent).ToArray());
        return Task.CompletedTask;
    }
}
