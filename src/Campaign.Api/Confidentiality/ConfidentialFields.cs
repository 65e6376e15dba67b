using System.Collections;
using System.Reflection;

namespace Campaign.Confidentiality;

/// <summary>Finds the confidential string fields in an object graph (events, views) and rewrites them.</summary>
public static class ConfidentialFields
{
    public static void Rewrite(object? root, Func<string, string> rewrite) => Visit(root, rewrite, []);

    public static List<string> ValuesIn(object? root)
    {
        var values = new List<string>();
        Visit(root, value => { values.Add(value); return value; }, []);
        return values;
    }

    private static void Visit(object? node, Func<string, string> rewrite, HashSet<object> seen)
    {
        if (node is null || node is string || node.GetType().IsPrimitive || node.GetType().IsEnum || !seen.Add(node)) return;
        if (node is IEnumerable items)
        {
            foreach (var item in items) Visit(item, rewrite, seen);
            return;
        }
        if (node.GetType().Namespace?.StartsWith(nameof(Campaign), StringComparison.Ordinal) != true) return;

        foreach (var (property, classification) in Classified.PropertiesOf(node.GetType()))
        {
            if (property.PropertyType == typeof(string))
            {
                if (classification?.LevelFor(node) == Classification.Confidential && property.SetMethod is not null
                    && property.GetValue(node) is string value)
                    property.SetValue(node, rewrite(value));
            }
            else if (!property.PropertyType.IsValueType && property.GetMethod?.IsStatic == false && property.SetMethod is not null)
            {
                Visit(property.GetValue(node), rewrite, seen);
            }
        }
    }
}
