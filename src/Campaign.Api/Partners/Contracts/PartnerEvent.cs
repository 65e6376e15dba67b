using System.Reflection;

namespace Campaign.Partners.Contracts;

/// <summary>An internal event as partners receive it: its CloudEvents type, its subject and its public data.</summary>
public sealed record PartnerEvent(string Type, string Subject, object Data, DateOnly? OccurredOn)
{
    /// <summary>The CloudEvents type of each internal event partners receive, e.g. <c>org.campaign.detention-recorded.v1</c>.</summary>
    public static readonly IReadOnlyDictionary<Type, string> Types = typeof(IPublicEvent).Assembly.GetTypes()
        .Where(t => t.IsAssignableTo(typeof(IPublicEvent)) && !t.IsAbstract)
        .ToDictionary(t => t, t => t.GetCustomAttribute<PublicEventAttribute>()?.Type
            ?? throw new InvalidOperationException($"{t.Name} is public but names no CloudEvents type."));

    public static PartnerEvent? From(object data)
    {
        if (data is not IPublicEvent published) return null;
        var (subject, contract, occurredOn) = published.ToContract();
        return new PartnerEvent(Types[data.GetType()], subject, contract, occurredOn);
    }
}
