namespace Campaign.Infrastructure.Validation;

/// <summary>
/// Refuses, with 400 naming the parameter, a query value, route value or header that PostgreSQL could not store
/// (see <see cref="StorableText"/>), before any endpoint passes it to a query or a write. JSON bodies are checked
/// field by field in <see cref="JsonBodyCheck"/>.
/// </summary>
public sealed class RequestTextCheck(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (UnstorableParameter(context.Request) is { } name)
        {
            await Problems.Validation(new Dictionary<string, string[]> { [name] = [StorableText.MessageFor(name)] }).ExecuteAsync(context);
            return;
        }
        await next(context);
    }

    private static string? UnstorableParameter(HttpRequest request)
    {
        foreach (var (name, values) in request.Query)
        {
            if (!StorableText.IsStorable(name)) return "query";
            if (values.Any(v => !StorableText.IsStorable(v))) return name;
        }
        foreach (var (name, value) in request.RouteValues)
            if (value is string text && !StorableText.IsStorable(text)) return name;
        foreach (var (name, values) in request.Headers)
            if (values.Any(v => !StorableText.IsStorable(v))) return name;
        return null;
    }
}
