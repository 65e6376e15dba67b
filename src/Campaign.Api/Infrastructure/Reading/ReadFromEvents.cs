using System.Reflection;
using System.Text.Json.Serialization.Metadata;

namespace Campaign.Infrastructure.Reading;

/// <summary>
/// The properties of a view that grow with its history (every development, every custody change): they are built from the
/// events when the view is read, and never stored with it, so that keeping the view costs the same however long the case.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ReadFromEventsAttribute(params string[] properties) : Attribute
{
    public IReadOnlyCollection<string> Properties { get; } = properties;

    /// <summary>The event store's JSON settings: the properties a view reads from the events are left out of its document.</summary>
    public static IJsonTypeInfoResolver LeaveOut(IJsonTypeInfoResolver? resolver) =>
        (resolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(type =>
        {
            if (type.Kind != JsonTypeInfoKind.Object || type.Type.GetCustomAttribute<ReadFromEventsAttribute>() is not { } fromEvents) return;
            foreach (var property in type.Properties)
                if (property.AttributeProvider is PropertyInfo info && fromEvents.Properties.Contains(info.Name))
                    property.ShouldSerialize = static (_, _) => false;
        });
}
