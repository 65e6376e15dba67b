using Campaign.Defendants;
using Campaign.Defendants.Registering;
using Campaign.Retracting;
using JasperFx.Events;

namespace Campaign.Tests.Support;

/// <summary>
/// A defendant's stream in memory: commands are decided on the current write model, and their events are folded
/// into both, as the event store does.
/// </summary>
public sealed class DefendantCase
{
    private readonly Facts facts;

    public DefendantCase(Guid? campaignId = null)
    {
        var id = Guid.NewGuid();
        facts = new Facts(id);
        var registered = facts.Next(new DefendantRegistered(id, campaignId ?? Guid.NewGuid(), "Defendant (placeholder)", null));
        View = DefendantView.From((IEvent<DefendantRegistered>)registered);
        Defendant = Defendant.Fold(null, registered)!;
        History.Add(registered);
    }

    public DefendantView View { get; }
    public Defendant Defendant { get; private set; }
    public List<IEvent> History { get; } = [];

    /// <summary>Decides on the current write model, folds what was decided, and returns the last event.</summary>
    public IEvent Record(Func<Defendant, IEnumerable<object>> decide)
    {
        foreach (var data in decide(Defendant).ToList()) Fold(data);
        return History[^1];
    }

    public IEvent Fold(object data)
    {
        var e = facts.Next(data);
        View.Fold(e);
        History.Add(e);
        // As the event store keeps it: a retraction folds the write model again from the stream.
        Defendant = data is DevelopmentRetracted ? Defendant.From(History)! : Defendant.Fold(Defendant, e)!;
        return e;
    }

    public Charge OnlyCurrentCharge => Assert.Single(View.Charges, c => c.IsCurrent);
}
