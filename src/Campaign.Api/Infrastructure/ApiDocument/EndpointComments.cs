using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Campaign.Infrastructure.ApiDocument;

/// <summary>
/// The documentation comments of the endpoints' methods (the assembly's XML documentation file), for the API document: an
/// endpoint is described once, where it is written. Wolverine's endpoints are not minimal-API delegates, which the
/// framework's own comment reader follows.
/// </summary>
public sealed partial class EndpointComments
{
    private readonly Dictionary<string, XElement> members;

    public EndpointComments()
    {
        var file = Path.ChangeExtension(typeof(EndpointComments).Assembly.Location, ".xml");
        members = File.Exists(file)
            ? XDocument.Load(file).Descendants("member")
                .GroupBy(m => Key((string)m.Attribute("name")!)).ToDictionary(g => g.Key, g => g.First())
            : [];
    }

    public (string? Text, IReadOnlyDictionary<string, string> Parameters) Of(MethodInfo method)
    {
        if (!members.TryGetValue($"M:{method.DeclaringType!.FullName!.Replace('+', '.')}.{method.Name}", out var member)) return (null, new Dictionary<string, string>());
        var text = string.Join("\n\n", new[] { member.Element("summary"), member.Element("remarks") }.Where(e => e is not null).Select(e => Plain(e!)));
        return (text.Length > 0 ? text : null, member.Elements("param").ToDictionary(p => (string)p.Attribute("name")!, Plain));
    }

    /// <summary>The summary and remarks of a type (a command), or null.</summary>
    public string? Of(Type type) =>
        members.TryGetValue($"T:{type.FullName!.Replace('+', '.')}", out var member)
        && string.Join("\n\n", new[] { member.Element("summary"), member.Element("remarks") }.Where(e => e is not null).Select(e => Plain(e!))) is { Length: > 0 } text
            ? text
            : null;

    /// <summary>The member's name without its parameter list: endpoint methods are not overloaded.</summary>
    private static string Key(string name) => name.Split('(')[0];

    /// <summary>The comment as Markdown: <c>code</c> in backticks, references by their short name, whitespace folded.</summary>
    private static string Plain(XElement element)
    {
        var text = string.Concat(element.Nodes().Select(node => node switch
        {
            XText t => t.Value,
            XElement { Name.LocalName: "c" } c => $"`{c.Value}`",
            XElement e when e.Attribute("cref") is { } cref => ((string)cref).Split('.', ':')[^1],
            XElement e when e.Attribute("name") is { } name => (string)name,
            XElement e => Plain(e),
            _ => "",
        }));
        return Spaces().Replace(text, " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
