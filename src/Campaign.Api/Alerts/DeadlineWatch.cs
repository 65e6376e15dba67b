using Campaign.Alerts.Checking;
using Campaign.Alerts.Settings;
using Campaign.Defendants;
using Campaign.Retracting;
using Marten;
using Wolverine;
using Wolverine.Runtime;

namespace Campaign.Alerts;

/// <summary>
/// A step of the write path (<see cref="Infrastructure.Writing.WritePolicy"/>): a write that may create, move or remove a
/// deadline (any development or retraction on a defendant's stream, a campaign's new alert settings) sends a check of the
/// defendants concerned in the same transaction, through Wolverine's outbox, so that no committed fact goes unchecked.
/// The check then schedules the next one. <c>Alerts:Enabled</c> (default true) turns the checks off, e.g. for tests
/// about other things, whose cases are old enough to have gone quiet.
/// </summary>
public sealed class DeadlineWatch(IConfiguration configuration)
{
    public bool Enabled { get; } = configuration.GetValue("Alerts:Enabled", true);

    public static async Task Watch(IDocumentSession session, MessageContext context, DeadlineWatch watch, CancellationToken ct)
    {
        if (!watch.Enabled) return;
        var defendants = new HashSet<Guid>();
        foreach (var stream in session.PendingChanges.Streams())
            foreach (var data in stream.Events.Select(e => e.Data))
            {
                if (data is IDefendantDevelopment || data is DevelopmentRetracted r && r.StreamId != r.CampaignId) defendants.Add(stream.Id);
                if (data is AlertSettingsChanged changed)
                    defendants.UnionWith(await session.Query<Defendant>().Where(d => d.CampaignId == changed.CampaignId).Select(d => d.Id).ToListAsync(ct));
            }
        foreach (var id in defendants) await context.PublishAsync(new DeadlinesDue(id));
    }
}

public static class AlertConfiguration
{
    public static IServiceCollection AddAlerts(this IServiceCollection services) =>
        services.AddSingleton<DeadlineWatch>().AddSingleton<LostChecks>();

    /// <summary>Checks wait and run in a durable local queue: kept in PostgreSQL until done, scheduled ones included, on any node.</summary>
    public static void UseDeadlineChecks(this WolverineOptions options)
    {
        options.PublishMessage<DeadlinesDue>().ToLocalQueue("deadlines");
        options.LocalQueue("deadlines").UseDurableInbox();
    }
}
