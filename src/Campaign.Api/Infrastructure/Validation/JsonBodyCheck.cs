using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Wolverine.Http;

namespace Campaign.Infrastructure.Validation;

/// <summary>
/// Parses the JSON body of each endpoint, once: malformed JSON, a value of the wrong type, an unknown enum value, an unknown
/// field or text PostgreSQL cannot store is answered 400 with the field named; otherwise the endpoint is handed what was
/// parsed (<see cref="ParsedBodyPolicy"/>).
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

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var bytes = body.GetBuffer().AsSpan(0, (int)body.Length);
        if (UnstorableField(bytes) is { } field)
        {
            await Problems.Validation(new Dictionary<string, string[]> { [field] = [StorableText.MessageFor(field)] }).ExecuteAsync(context);
            return;
        }
        try
        {
            ParsedBody.Keep(context, JsonSerializer.Deserialize(bytes, chain.RequestType!, json.Value.SerializerOptions));
        }
        catch (JsonException error)
        {
            await Problems.Validation(ErrorsOf(error)).ExecuteAsync(context);
            return;
        }
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

    /// <summary>
    /// The first field (named as in other errors: <c>source.publisher</c>, <c>defendantIds[0]</c>) holding text that
    /// cannot be stored, in a value or in a field's name; null when there is none or the JSON is malformed (which the
    /// deserializer then names).
    /// </summary>
    private static string? UnstorableField(ReadOnlySpan<byte> bytes)
    {
        var reader = new Utf8JsonReader(bytes);
        var path = new List<(string? Property, int Index)>(); // per open object its current field, per open array its index
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.PropertyName or JsonTokenType.EndObject or JsonTokenType.EndArray)
                    && path.Count > 0 && path[^1].Property is null)
                    path[^1] = (null, path[^1].Index + 1);

                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        path[^1] = ("", 0);
                        if (!Storable(ref reader)) return NameOf(path); // a field's name: the object holding it is named
                        path[^1] = (reader.GetString(), 0);
                        break;
                    case JsonTokenType.String when !Storable(ref reader):
                        return NameOf(path);
                    case JsonTokenType.StartObject:
                        path.Add(("", 0));
                        break;
                    case JsonTokenType.StartArray:
                        path.Add((null, -1));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }
        return null;
    }

    private static bool Storable(ref Utf8JsonReader reader)
    {
        try
        {
            return StorableText.IsStorable(reader.GetString());
        }
        catch (InvalidOperationException)
        {
            return false; // a lone surrogate escaped as \ud800, or bytes that are not UTF-8
        }
    }

    private static string NameOf(List<(string? Property, int Index)> path)
    {
        var name = new StringBuilder();
        foreach (var (property, index) in path)
        {
            if (property is null) name.Append('[').Append(index).Append(']');
            else if (property.Length > 0) name.Append(name.Length > 0 ? "." : "").Append(property);
        }
        return name.Length > 0 ? name.ToString() : "body";
    }
}
