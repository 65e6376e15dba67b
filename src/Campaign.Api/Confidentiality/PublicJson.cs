using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Campaign.Confidentiality;

public static class PublicJson
{
    /// <summary>The API's JSON settings, writing only the fields classified public for the value at hand.</summary>
    public static JsonSerializerOptions From(JsonSerializerOptions options) => new(options)
    {
        TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(KeepPublicFieldsOnly),
    };

    private static void KeepPublicFieldsOnly(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object) return;
        var classified = Classified.PropertiesOf(type.Type).ToDictionary(p => p.Property.Name, p => p.Classification);
        foreach (var property in type.Properties)
        {
            var name = (property.AttributeProvider as System.Reflection.PropertyInfo)?.Name;
            var classification = name is null ? null : classified.GetValueOrDefault(name);
            property.ShouldSerialize = classification is null
                ? static (_, _) => false
                : (owner, _) => classification.LevelFor(owner) == Classification.Public;
        }
    }
}
