namespace Campaign.Partners.Contracts;

/// <summary>
/// An event partners receive, under the CloudEvents type its <see cref="PublicEventAttribute"/> names. Its contract is
/// declared beside it, in its slice: a versioned record of its public fields, changed only by adding a new version.
/// </summary>
public interface IPublicEvent
{
    /// <summary>What partners see of it: its subject, its public data, and the day it happened (for a development).</summary>
    PublicContract ToContract();
}

public sealed record PublicContract(string Subject, object Data, DateOnly? OccurredOn = null)
{
    public static string Campaign(Guid id) => $"campaigns/{id}";

    public static string Defendant(Guid id) => $"defendants/{id}";
}

/// <summary>The CloudEvents type of an event partners receive, e.g. <c>detention-recorded.v1</c> for <c>org.campaign.detention-recorded.v1</c>.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class PublicEventAttribute(string type) : Attribute
{
    public string Type { get; } = "org.campaign." + type;
}
