using System.Security.Claims;
using Campaign.Alerts.Settings;
using Campaign.Campaigns;
using Campaign.Defendants;
using Campaign.Infrastructure.Writing;
using FluentValidation;
using Marten;
using Wolverine;
using Wolverine.Marten;

namespace Campaign.Alerts.Checking;

/// <summary>
/// A check of one defendant's deadlines, kept by Wolverine in PostgreSQL: sent at once when a fact may have created,
/// moved or removed a deadline (<see cref="At"/> null), or scheduled for the day the next alert falls due.
/// </summary>
public sealed record DeadlinesDue(Guid DefendantId, DateTimeOffset? At = null);

/// <summary>The scheduled check a defendant's deadlines wait for: the one that schedules the next. Any other is stale.</summary>
public sealed class DeadlineCheck
{
    public Guid Id { get; set; }
    public DateTimeOffset? At { get; set; }
}

/// <summary>
/// Runs a check on any node: reads the defendant's campaign settings and asks the write path, as the system, to raise what
/// is due by the service's clock now. Deciding on the facts as they stand then, it raises nothing for a deadline that a
/// retraction or a later fact removed.
/// </summary>
public static class DeadlinesDueHandler
{
    public static async Task Handle(DeadlinesDue due, Commands commands, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        if (await session.LoadAsync<Defendant>(due.DefendantId, ct) is not { } defendant) return;
        var settings = (await session.LoadAsync<CampaignState>(defendant.CampaignId, ct))?.Alerts ?? AlertSettings.Default;
        await commands.Send(new RaiseDueAlerts(due.DefendantId, clock.GetUtcNow(), settings, due.At), SystemUser.Principal, ct: ct);
    }
}

/// <summary>Raises the alerts due at <see cref="Now"/>; <see cref="Scheduled"/> is the time the check was scheduled for, if it was.</summary>
public sealed record RaiseDueAlerts(Guid DefendantId, DateTimeOffset Now, AlertSettings Settings, DateTimeOffset? Scheduled) : Command
{
    public sealed class Validator : AbstractValidator<RaiseDueAlerts>
    {
        public Validator() => RuleFor(c => c.DefendantId).NotEmpty();
    }
}

public static class RaiseDueAlertsHandler
{
    /// <remarks>
    /// The write model is locked for the write and knows every alert already raised, so a check run twice, or on two nodes at
    /// once, raises each alert once. Only a fresh check (a fact changed) or the one pending schedules the next, so every
    /// defendant has one chain of checks however many facts are recorded; the pending one is read under the same lock.
    /// </remarks>
    public static async Task<(Events, OutgoingMessages)> Handle(RaiseDueAlerts command, [WriteModel] Defendant defendant,
        IDocumentSession session, CancellationToken ct)
    {
        var pending = await session.LoadAsync<DeadlineCheck>(defendant.Id, ct);
        var today = DateOnly.FromDateTime(command.Now.UtcDateTime);
        var alerts = DueAlerts.On(defendant, command.Settings, today);
        var outgoing = new OutgoingMessages();
        var isPending = command.Scheduled is { } at && at == pending?.At;
        if (command.Scheduled is null || isPending)
        {
            var next = DueAlerts.NextOn(defendant, command.Settings, today) is { } day
                ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
                : (DateTimeOffset?)null;
            // Early by this node's clock (another node's clock ran ahead): the same time again.
            if (isPending && command.Now < command.Scheduled) next = command.Scheduled;
            if (isPending || pending is null || next != pending.At) // a first check is kept even with nothing to wait for
            {
                session.Store(new DeadlineCheck { Id = defendant.Id, At = next });
                if (next is { } time) outgoing.Add(new DeadlinesDue(defendant.Id, time).ScheduledAt(time));
            }
        }
        return ([.. alerts], outgoing);
    }
}

/// <summary>Who alerts are recorded as raised by in the audit trail: the service itself.</summary>
public static class SystemUser
{
    public const string Name = "system";

    public static readonly ClaimsPrincipal Principal = new(new ClaimsIdentity([new Claim(ClaimTypes.Name, Name)], "system"));
}
