using Microsoft.Net.Http.Headers;

namespace Campaign.Infrastructure.Writing;

public static class ExpectedVersion
{
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
        if (inBody is { } body && body != inHeader)
            throw new InvalidReference("expectedVersion", $"expectedVersion {body} contradicts If-Match {inHeader}.");
        return inHeader;
    }

    private static bool TryParse(string header, out long version)
    {
        var tag = header.Trim();
        if (tag.StartsWith("W/", StringComparison.Ordinal)) tag = tag[2..];
        return long.TryParse(tag.Trim('"'), out version) && version >= 0;
    }
}
