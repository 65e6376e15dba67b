namespace Campaign.Infrastructure.ApiDocument;

/// <summary>
/// A query parameter read from the request itself rather than bound to an argument of the endpoint's method: declared on
/// the type that reads it (named by <see cref="ReadsQueryAttribute{T}"/>) or on the endpoint's method, for the API document.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
public sealed class QueryParameterAttribute(string name, Type type, string description) : Attribute
{
    public string Name { get; } = name;
    public Type Type { get; } = type;
    public string Description { get; } = description;

    /// <summary>An example value, as it is written in the query string.</summary>
    public string? Example { get; init; }
}

/// <summary>The endpoint reads the query parameters that <typeparamref name="T"/> declares with <see cref="QueryParameterAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ReadsQueryAttribute<T> : Attribute, IReadsQuery
{
    public IEnumerable<QueryParameterAttribute> Parameters =>
        typeof(T).GetCustomAttributes(typeof(QueryParameterAttribute), false).Cast<QueryParameterAttribute>();
}

public interface IReadsQuery
{
    IEnumerable<QueryParameterAttribute> Parameters { get; }
}

/// <summary>A request header the endpoint reads, beyond those every write reads (If-Match, Idempotency-Key).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class HeaderParameterAttribute(string name, string description) : Attribute
{
    public string Name { get; } = name;
    public string Description { get; } = description;
}

/// <summary>The endpoint answers 200 with a stream of text in this media type (written as it goes, not a JSON body).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ProducesStreamAttribute(string contentType, string description) : Attribute
{
    public string ContentType { get; } = contentType;
    public string Description { get; } = description;
}

/// <summary>The endpoint takes a file as its body (any of the media types a setting names), not JSON.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ConsumesFileAttribute(string description, string sizeSetting, string typesSetting) : Attribute
{
    public string Description { get; } = description;
    public string SizeSetting { get; } = sizeSetting;
    public string TypesSetting { get; } = typesSetting;
}

/// <summary>The endpoint's method, kept in its metadata for the API document.</summary>
public sealed record EndpointMethod(System.Reflection.MethodInfo Method, Type? RequestType);

/// <summary>
/// The endpoint reads its body itself, as text of this media type (e.g. a CSV file), rather than as a JSON request; the
/// body is described by the static string property <paramref name="member"/> of <paramref name="describedBy"/>, and
/// exemplified by the one named <see cref="Example"/>, if any.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequestTextAttribute(string contentType, Type describedBy, string member) : Attribute
{
    public string ContentType { get; } = contentType;
    public string Description => Read(member)!;
    public string? Example { get; init; }
    public string? ExampleText => Example is null ? null : Read(Example);

    private string? Read(string property) => (string?)describedBy.GetProperty(property)!.GetValue(null);
}
