using JasperFx.Events;

namespace Campaign.Developments;

/// <summary>Something that happened in a case, with the day it happened and how we know.</summary>
public interface IDevelopment
{
    DateOnly OccurredOn { get; }
    Source Source { get; }

    /// <summary>One line for timelines, in plain words.</summary>
    string Describe();
}

public static class DevelopmentTimeline
{
    public static TimelineEntry ToTimelineEntry(this IDevelopment development, IEvent e, Guid? defendantId = null) =>
        new(e.Id, development.GetType().Name, development.OccurredOn, development.Describe(), development.Source,
            e.Timestamp, e.UserName, defendantId);
}
