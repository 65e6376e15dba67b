using Campaign.Defendants;
using Campaign.Defendants.Registering;
using JasperFx.Events;

namespace Campaign.Tests.Support;

/// <summary>A defendant's stream in memory: commands are decided on the current view, and their events folded into it.</summary>
public sealed class DefendantCase
{
    private readonly Facts facts;

    public DefendantCase(Guid? campaignId = null)
    {
        var id = Guid.NewGuid();
        facts = new Facts(id);
        var registered = facts.Next(new DefendantRegistered(id, campaignId ?? Guid.NewGuid(), "Defendant (placeholder)", null));
        View = DefendantView.Create((IEvent<DefendantRegistered>)registered);
        History.Add(registered);
    }

    public DefendantView View { get; }
    public List<IEvent> History { get; } = [];

    /// <summary>Decides on the current view, folds what was decided, and returns the last event.</summary>
    public IEvent Record(Func<DefendantView, IEnumerable<object>> decide)
    {
        foreach (var data in decide(View).ToList()) Fold(data);
        return History[^1];
    }

    public IEvent Fold(object data)
    {
        var e = facts.Next(data);
        View.Fold(e);
        History.Add(e);
        return e;
    }

    public Charge OnlyCurrentCharge => Assert.Single(View.Charges, c => c.IsCurrent);
}
