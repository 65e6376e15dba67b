namespace Campaign.Infrastructure.Hardening;

/// <summary>
/// The correlation id a client sends (<c>X-Correlation-ID</c>, or the W3C <c>traceparent</c>) is stored on every event its
/// request appends, so it is bounded: at most 128 printable ASCII characters. Anything else is refused with 400 naming
/// the header rather than cut or replaced, so that a client never finds its events under an id it did not send.
/// </summary>
public static class CorrelationIds
{
    public const int MaxLength = 128;
    private static readonly string[] Headers = ["X-Correlation-ID", "traceparent"];

    public static IApplicationBuilder UseCorrelationIdLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (Headers.FirstOrDefault(h => context.Request.Headers[h].Any(v => !Acceptable(v))) is { } header)
        {
            await Problems.Validation(new Dictionary<string, string[]>
            {
                [header] = [$"{header} must be at most {MaxLength} printable ASCII characters."],
            }).ExecuteAsync(context);
            return;
        }
        await next(context);
    });

    internal static bool Acceptable(string? value) =>
        value is null || value.Length <= MaxLength && value.All(c => c is >= ' ' and <= '~');
}
