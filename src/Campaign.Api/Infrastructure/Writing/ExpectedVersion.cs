using System.Globalization;
using Microsoft.Net.Http.Headers;
using Wolverine;

namespace Campaign.Infrastructure.Writing;

public static class ExpectedVersion
{
    /// <summary>The envelope header that carries a version given beside the command (e.g. from If-Match).</summary>
    public const string Header = "expected-version";

    /// <summary>
    /// The version a client decided on, from <c>If-Match</c> (<c>"3"</c>, <c>W/"3"</c> or <c>3</c>)
    /// or from the body's <c>expectedVersion</c>; both may be given only if they agree.
    /// </summary>
    public static long? Of(HttpRequest request, long? inBody)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header)) return inBody;

        if (!TryParse(header, out var inHeader))
            throw new InvalidReference(HeaderNames.IfMatch, "If-Match must be a stream version, e.g. \"3\".");
        return Agreed(inHeader, inBody);
    }

    /// <summary>The version a command was decided on: given beside it, or in it; both only if they agree.</summary>
    public static long? Of(Envelope envelope, object command)
    {
        if (command is not IVersionedCommand { ExpectedVersion: var inCommand }) return null;
        if (!envelope.Headers.TryGetValue(Header, out var given) || given is null) return inCommand;
        return Agreed(long.Parse(given, CultureInfo.InvariantCulture), inCommand);
    }

    private static long Agreed(long given, long? inCommand) =>
        inCommand is { } body && body != given
            ? throw new InvalidReference("expectedVersion", $"expectedVersion {body} contradicts If-Match {given}.")
            : given;

    private static bool TryParse(string header, out long version)
    {
        var tag = header.Trim();
        if (tag.StartsWith("W/", StringComparison.Ordinal)) tag = tag[2..];
        return long.TryParse(tag.Trim('"'), out version) && version >= 0;
    }
}
