namespace Campaign.Developments;

public static class Chronology
{
    /// <summary>
    /// Inserts after everything that happened on or before the same day, so that a fact recorded
    /// late takes its place in the past, and facts of one day keep the order they were recorded in.
    /// </summary>
    public static void InsertByDay<T>(this List<T> items, T item, Func<T, DateOnly> day) =>
        items.Insert(items.FindLastIndex(existing => day(existing) <= day(item)) + 1, item);
}
