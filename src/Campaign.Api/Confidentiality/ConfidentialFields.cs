using System.Collections;
using System.Reflection;
using System.Text.Json;

namespace Campaign.Confidentiality;

/// <summary>
/// A confidential string field of an object graph: where it is (as the JSON names it), its value, and the data subject
/// of the nearest <see cref="IDataSubject"/> around it, whose key alone may open it (null when there is none).
/// </summary>
public readonly record struct ConfidentialField(string Path, string Value, Guid? Subject);

/// <summary>Finds the confidential string fields in an object graph (events, views) and rewrites them.</summary>
public static class ConfidentialFields
{
    public static List<ConfidentialField> In(object? root)
    {
        var fields = new List<ConfidentialField>();
        Visit(root, "", null, field => { fields.Add(field); return field.Value; }, copy: false, []);
        return fields;
    }

    public static void Rewrite(object? root, Func<ConfidentialField, string> rewrite) => Visit(root, "", null, rewrite, copy: false, []);

    /// <summary>
    /// Rewrites the fields of <paramref name="root"/> in copies of the objects below it, so that an object it shares with the
    /// request or with another event (one source given for many defendants at once) keeps its values.
    /// </summary>
    public static void RewriteCopying(object root, Func<ConfidentialField, string> rewrite) => Visit(root, "", null, rewrite, copy: true, []);

    private static void Visit(object? node, string path, Guid? subject, Func<ConfidentialField, string> rewrite, bool copy, HashSet<object> seen)
    {
        if (node is null || node is string || node.GetType().IsPrimitive || node.GetType().IsEnum || !seen.Add(node)) return;
        if (node is IEnumerable items)
        {
            // Collections are rewritten in place: no event holds one with confidential fields.
            var index = 0;
            foreach (var item in items) Visit(item, $"{path}[{index++}]", subject, rewrite, copy, seen);
            return;
        }
        if (!IsOurs(node)) return;
        if (node is IDataSubject owner) subject = owner.DataSubject;

        foreach (var (property, classification) in Classified.PropertiesOf(node.GetType()))
        {
            var field = path.Length == 0 ? JsonName(property) : $"{path}.{JsonName(property)}";
            if (property.PropertyType == typeof(string))
            {
                if (classification?.LevelFor(node) == Classification.Confidential && property.SetMethod is not null
                    && property.GetValue(node) is string value)
                    property.SetValue(node, rewrite(new(field, value, subject)));
            }
            else if (!property.PropertyType.IsValueType && property.GetMethod?.IsStatic == false && property.SetMethod is not null)
            {
                var child = property.GetValue(node);
                if (copy && child is not null and not IEnumerable && IsOurs(child))
                    property.SetValue(node, child = ShallowCopy.Invoke(child, null));
                Visit(child, field, subject, rewrite, copy, seen);
            }
        }
    }

    private static bool IsOurs(object node) => node.GetType().Namespace?.StartsWith(nameof(Campaign), StringComparison.Ordinal) == true;

    private static string JsonName(PropertyInfo property) => JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    private static readonly MethodInfo ShallowCopy =
        typeof(object).GetMethod(nameof(MemberwiseClone), BindingFlags.NonPublic | BindingFlags.Instance)!;
}
