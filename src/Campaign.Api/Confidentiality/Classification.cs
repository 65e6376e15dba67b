using System.Collections.Concurrent;
using System.Reflection;

namespace Campaign.Confidentiality;

/// <summary>Who may learn a field's value.</summary>
public enum Classification
{
    /// <summary>Anyone the campaign shares with, partners included.</summary>
    Public,

    /// <summary>The NGO's own people (staff, auditors, admins).</summary>
    Internal,

    /// <summary>The NGO's own people; stored only encrypted with the data subject's key, so it can be erased.</summary>
    Confidential,
}

/// <summary>
/// Every field of what the API returns and of what the event store keeps carries one of these where it is
/// declared; a test fails for any field without one, so a new field cannot leak silently.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public class ClassifiedAttribute(Classification level) : Attribute
{
    public Classification Level { get; } = level;

    /// <summary>The level for this value of the field's owner (a field may be confidential only in some owners).</summary>
    public virtual Classification LevelFor(object owner) => Level;
}

public sealed class PublicAttribute() : ClassifiedAttribute(Classification.Public);

public sealed class InternalAttribute() : ClassifiedAttribute(Classification.Internal);

public sealed class ConfidentialAttribute() : ClassifiedAttribute(Classification.Confidential);

/// <summary>Confidential when the owner's boolean <paramref name="flag"/> is set (e.g. a confidential source), else <paramref name="otherwise"/>.</summary>
public sealed class ConfidentialWhenAttribute(string flag, Classification otherwise = Classification.Public)
    : ClassifiedAttribute(otherwise)
{
    public string Flag { get; } = flag;

    public override Classification LevelFor(object owner) =>
        owner.GetType().GetProperty(Flag)?.GetValue(owner) is true ? Classification.Confidential : Level;
}

/// <summary>Internal when the owner's boolean <paramref name="flag"/> is set (e.g. a confidential file's hash and size), else public.</summary>
public sealed class InternalWhenAttribute(string flag) : ClassifiedAttribute(Classification.Public)
{
    public override Classification LevelFor(object owner) =>
        owner.GetType().GetProperty(flag)?.GetValue(owner) is true ? Classification.Internal : Level;
}

public static class Classified
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<(PropertyInfo Property, ClassifiedAttribute? Classification)>> Cache = new();

    /// <summary>A type's public instance properties with their classification (null where a field lacks one).</summary>
    public static IReadOnlyList<(PropertyInfo Property, ClassifiedAttribute? Classification)> PropertiesOf(Type type) =>
        Cache.GetOrAdd(type, t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0)
            .Select(p => (p, p.GetCustomAttribute<ClassifiedAttribute>(inherit: true)))
            .ToList());
}
