using Campaign.Confidentiality;
using Campaign.Developments;

namespace Campaign.Defendants;

public enum CustodyStatus
{
    PoliceCustody,
    AdministrativeDetention,
    PretrialDetention,
    HouseArrest,
    ServingSentence,
    Released,
    ReleasedWithConditions,
}

public sealed record CustodySpell(
    [property: Public] Guid EventId,
    [property: Public] CustodyStatus Status,
    [property: Public] DateOnly Since,
    [property: Public] string? Place,
    [property: Public] string? Conditions);

/// <summary>
/// A defendant's custody over time is kept ordered by the day each status took effect: a fact
/// recorded late takes its place in the past and does not override a newer one.
/// </summary>
public static class CustodyHistory
{
    public static void Record(this List<CustodySpell> history, CustodySpell spell) =>
        history.InsertByDay(spell, s => s.Since);
}
