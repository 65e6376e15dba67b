using System.Text.Json;
using Microsoft.Extensions.Options;
using Wolverine.Http;

namespace Campaign.Infrastructure.Validation;

/// <summary>
/// Reads the JSON body of each endpoint before Wolverine does, so that malformed JSON, a value of
/// the wrong type, an unknown enum value or an unknown field is answered 400 with the field named.
/// </summary>
public sealed class JsonBodyCheck(RequestDelegate next, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var chain = context.GetEndpoint()?.Metadata.GetMetadata<HttpChain>();
        if (chain is not { HasRequestType: true } || !context.Request.HasJsonContentType())
        {
            await next(context);
            return;
        }

        context.Request.EnableBuffering();
        try
        {
            await JsonSerializer.DeserializeAsync(context.Request.Body, chain.RequestType!, json.Value.SerializerOptions, context.RequestAborted);
        }
        catch (JsonException error)
        {
            await Problems.Validation(ErrorsOf(error)).ExecuteAsync(context);
            return;
        }
        context.Request.Body.Position = 0;
        await next(context);
    }

    private static Dictionary<string, string[]> ErrorsOf(JsonException error)
    {
        // A path such as $.source.publishedOn names the field source.publishedOn.
        var field = string.IsNullOrEmpty(error.Path) || error.Path == "$" ? "body" : error.Path.TrimStart('$').TrimStart('.');
        var message = error.Message.Contains("could not be converted", StringComparison.Ordinal)
            ? $"'{field}' has a value of the wrong type or format."
            : error.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? $"'{field}' is not a field of this request."
                : $"The body is not well-formed JSON (line {error.LineNumber + 1}, position {error.BytePositionInLine + 1}).";
        return new() { [field] = [message] };
    }
}
