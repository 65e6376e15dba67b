using Campaign.Confidentiality;

namespace Campaign.Defendants;

/// <summary>A run of days, both ends included.</summary>
public sealed record DayRange([property: Internal] DateOnly From, [property: Internal] DateOnly To);

/// <summary>
/// Where and when anything happened to a defendant, as search needs it and bounded however long the case: each place once,
/// and the days as at most <see cref="MaxRanges"/> runs (beyond that, the two runs closest together are joined, so a
/// search by day may find a long case by a day inside one of its quiet spells, never miss one of its days).
/// </summary>
public sealed class Whereabouts
{
    public const int MaxRanges = 32;

    [Internal] public List<string> Places { get; set; } = [];
    [Internal] public List<DayRange> Days { get; set; } = [];

    public void Saw(DateOnly day, string? place = null)
    {
        if (!string.IsNullOrWhiteSpace(place) && !Places.Contains(place)) Places.Add(place);
        var at = Days.FindLastIndex(r => r.From <= day) + 1; // Days[..at] start on or before the day
        Days.Insert(at, new(day, day));
        for (var i = Math.Max(at - 1, 0); i + 1 < Days.Count && i <= at;) // join the new run with touching neighbours
            if (Days[i].To.AddDays(1) >= Days[i + 1].From) Join(i); else i++;
        while (Days.Count > MaxRanges)
            Join(Enumerable.Range(0, Days.Count - 1).MinBy(i => Days[i + 1].From.DayNumber - Days[i].To.DayNumber));
    }

    private void Join(int i)
    {
        Days[i] = new(Days[i].From, Days[i].To > Days[i + 1].To ? Days[i].To : Days[i + 1].To);
        Days.RemoveAt(i + 1);
    }
}
