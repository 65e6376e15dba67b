namespace Campaign.Infrastructure.Validation;

/// <summary>
/// Text PostgreSQL can store: it refuses the NUL character in <c>text</c> and <c>jsonb</c>, and a lone UTF-16 surrogate
/// (half of a pair) cannot be encoded as UTF-8 at all. Such a value is refused with 400 wherever a client can send it,
/// rather than failing deep in a write with a 500.
/// </summary>
public static class StorableText
{
    public const string Problem = "contains a character that cannot be stored (NUL or a lone UTF-16 surrogate).";

    public static bool IsStorable(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0') return false;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(c)) return false;
        }
        return true;
    }

    public static string MessageFor(string field) => $"'{field}' {Problem}";
}
