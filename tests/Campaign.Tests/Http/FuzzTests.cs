using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using Campaign.Access;
using Campaign.Tests.Support;
using Microsoft.AspNetCore.Http;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Http;

/// <summary>
/// Every operation of the service's own OpenAPI document, sent hostile values in its route, query, headers and body, as an
/// admin so that authorization does not answer first, then (a sample) as staff of one campaign, a partner and an auditor:
/// nothing a client can send may be answered with a 5xx. On a database
/// of its own, so that what it writes (keys, subscriptions, erasures) meets no other test; webhooks go to a closed loopback port.
/// </summary>
public sealed class FuzzTests : IAsyncLifetime
{
    private const int Seed = 20261127;
    private const int SampledValuesPerField = 6;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>Query parameters the service reads without declaring them in the document (see the README), sent to every read.</summary>
    private static readonly string[] QueryNames =
        ["after", "limit", "from", "to", "type", "recordedBy", "campaign", "asOf", "version", "knownAt", "validOn", "waitForSequence"];

    private static readonly string Huge = new('x', 100_000);

    /// <summary>Text for routes, query strings and headers.</summary>
    private static readonly string[] HostileText =
    [
        "\0", "a\0b", "\ud800", "x\udc00y", Huge, "", " ", "not-a-guid", "00000000-0000-0000-0000-000000000000", "-1", "0",
        "99999999999999999999", "9223372036854775807", "-9223372036854775808", "1e308", "2025-02-30", "9999-12-31T23:59:59Z",
        "🙂Ж\u202e", "%00", "..", "null", "a,b,,c", "' OR 1=1 --",
    ];

    /// <summary>JSON values for each field of a body.</summary>
    private static readonly string[] HostileJson =
    [
        "\"a\\u0000b\"", "\"\\ud800\"", "\"x\\udc00y\"", "\"\\udc00\\ud800\"", $"\"{Huge}\"", "\"\"", "null", "true", "0", "-1", "1.5",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1e308", "-1e400", "\"not-a-guid\"",
        "\"00000000-0000-0000-0000-000000000000\"", "\"2025-02-30\"", "\"0001-01-01\"", "\"9999-12-31\"", "\"🙂Ж\\u202e\"", "{}", "[]",
        Nested("[", "]", 100), Nested("{\"a\":", "}", 100), "[null]", "[\"\\u0000\"]", "{\"\\u0000\":1}", "{\"\\ud800\":\"x\"}",
    ];

    private static readonly string[] HostileBodies =
        ["null", "[]", "\"x\"", "0", "", "{", "{}", "{\"a\":1,\"a\":2}", Nested("[", "]", 10_000), $"{{\"x\":\"{new string('x', 2 << 20)}\"}}"];

    private static readonly (string Name, string Value)[] HostileHeaders =
    [
        ("Idempotency-Key", ""), ("Idempotency-Key", Huge), ("Idempotency-Key", "\u0001\u0002"), ("Idempotency-Key", "\0"),
        ("Idempotency-Key", "ключ🙂"), ("Idempotency-Key", "\ud800"), ("Idempotency-Key", " "), ("Idempotency-Key", "fuzz-reused"),
        ("If-Match", "garbage"), ("If-Match", "\"-1\""), ("If-Match", "-1"), ("If-Match", "\"99999999999999999999\""), ("If-Match", "W/\"3\""),
        ("If-Match", "W/\"-1\""), ("If-Match", "W/"), ("If-Match", "*"), ("If-Match", "\"\""), ("If-Match", "\"1\", \"2\""),
        ("If-Match", Huge), ("If-Match", "\"0\""), ("If-Match", "\0"), ("If-Match", "\"9223372036854775807\""),
        ("X-Correlation-ID", new string('c', 32_768)), ("X-Correlation-ID", "\u0001"), ("traceparent", $"00-{Huge}-01"), ("traceparent", "garbage"),
        ("Last-Event-ID", "-1"), ("Last-Event-ID", "99999999999999999999"), ("Accept", "application/xml"),
    ];

    private static readonly string?[] HostileContentTypes =
        [null, "text/plain", "application/json; charset=utf-16", "application/x-www-form-urlencoded", "application/json\0", "*/*"];

    private DedicatedHost dedicated = null!;
    private Api admin = null!;
    private readonly Dictionary<string, string> ids = [];

    public async Task InitializeAsync()
    {
        dedicated = await DedicatedHost.Start("_fuzz", new Dictionary<string, string>
        {
            ["Webhooks:AllowPrivateAddresses"] = "true",
            ["Confidentiality:MasterKey"] = AppFixture.MasterKey,
        });
        admin = await dedicated.As(Role.Admin, "fuzz-admin@test");
        var (campaign, defendant, charge) = await admin.ChargedDefendant();
        var view = await admin.Defendant(defendant);
        ids["campaign"] = campaign.ToString();
        ids["defendant"] = defendant.ToString();
        ids["charge"] = charge.ToString();
        ids["event"] = view.Detentions.Single().EventId.ToString();
        ids["subscription"] = (await admin.Post<JsonElement>("/api/subscriptions",
            new { url = "http://127.0.0.1:9/fuzz", eventTypes = (string[]?)null, campaignIds = (Guid[]?)null, description = "fuzz" }, 201))
            .GetProperty("id").GetString()!;
        ids["key"] = (await dedicated.As(Role.Partner, "fuzz-victim@test")).Key!.Split('_')[1];
        ids["member"] = "member@fuzz.test";
        await admin.Post($"/api/campaigns/{campaign}/members", new { member = ids["member"] }, 204);
    }

    public async Task DisposeAsync() => await dedicated.DisposeAsync();

    [Fact]
    public async Task No_operation_answers_hostile_input_with_a_server_error()
    {
        var (operations, sent, failures, reached, _) = await Fuzz(admin.Key!, perOperation: null);

        Assert.True(operations.Count >= 40, $"Only {operations.Count} operations in the document.");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} requests were answered 5xx:\n{string.Join("\n", failures.Take(30))}");
        Assert.True(reached.Count >= operations.Count * 4 / 5,
            $"Only {reached.Count} of {operations.Count} operations ever succeeded; not reached: {string.Join(", ", operations.Select(o => o.Id).Except(reached))}");
    }

    /// <summary>
    /// The same hostile input, a sample of it for each operation, from the other roles: authorization and campaign scope
    /// now answer first for much of it, and what they let through meets a caller who may do less.
    /// </summary>
    [Theory]
    [InlineData(Role.Staff)]
    [InlineData(Role.Partner)]
    [InlineData(Role.Auditor)]
    public async Task No_operation_answers_hostile_input_from_another_role_with_a_server_error(Role role)
    {
        var owner = $"fuzz-{role.RoleName()}@test";
        var caller = await dedicated.As(role, owner);
        if (role == Role.Staff) await admin.Post($"/api/campaigns/{ids["campaign"]}/members", new { member = owner }, 204); // staff of this one campaign

        var (_, sent, failures, reached, unauthenticated) = await Fuzz(caller.Key!, perOperation: 25);

        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} requests were answered 5xx:\n{string.Join("\n", failures.Take(30))}");
        Assert.Equal(0, unauthenticated); // the credential held throughout: the fuzz got past authentication
        Assert.NotEmpty(reached);
    }

    /// <summary>Sends every operation its hostile requests (or a sample of <paramref name="perOperation"/> of them) with the key.</summary>
    private async Task<(List<Operation> Operations, int Sent, List<string> Failures, HashSet<string> Reached, int Unauthenticated)> Fuzz(
        string key, int? perOperation)
    {
        var document = JsonDocument.Parse(await (await dedicated.Host.Scenario(s => s.Get.Url("/openapi/v1.json"))).ReadAsTextAsync());
        // Deletions last, so that what they remove is there for the other operations to meet.
        var operations = Operations(document.RootElement).OrderBy(o => o.Method == "DELETE").ToList();

        var random = new Random(Seed);
        var failures = new List<string>();
        var reached = new HashSet<string>(); // operations that answered some request with success: the fuzz got past the door
        var (sent, unauthenticated) = (0, 0);
        foreach (var operation in operations)
        {
            var requests = Requests(operation, random).ToList();
            foreach (var request in perOperation is { } sample ? requests.Take(1).Concat(Sample(requests.Skip(1).ToList(), random, sample - 1)) : requests)
            {
                sent++;
                var (status, answer) = await Send(operation, request, key);
                if (status >= 500) failures.Add($"{operation.Id}: {request.What} -> {status} {answer}");
                if (status is >= 200 and < 300) reached.Add(operation.Id);
                if (status == 401) unauthenticated++;
            }
        }
        return (operations, sent, failures, reached, unauthenticated);
    }

    /// <summary>The media type an operation whose body is a file (evidence) documents; it is sent a small file of its own.</summary>
    private const string FileBody = "application/octet-stream";

    /// <param name="MediaType">The body's: JSON, or text the endpoint reads itself (a CSV sheet), whose documented example is sent.</param>
    private sealed record Operation(string Id, string Method, string Path, string[] Query, JsonNode? Body, string MediaType = "application/json");

    private sealed record Request(string What, string Path, string Query, (string Name, string Value)[] Headers, string? Body, string? ContentType = "application/json");

    private IEnumerable<Operation> Operations(JsonElement document)
    {
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        foreach (var operation in path.Value.EnumerateObject())
        {
            var parameters = operation.Value.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
            var (media, content) = operation.Value.TryGetProperty("requestBody", out var b)
                ? b.GetProperty("content").EnumerateObject().Select(m => (m.Name, m.Value)).First() : ("application/json", default);
            var body = content.ValueKind == JsonValueKind.Undefined || media == FileBody ? null
                : media == "application/json" ? Example(document, content.GetProperty("schema"), "")
                : JsonValue.Create(content.GetProperty("example").GetString());
            yield return new Operation(operation.Value.GetProperty("operationId").GetString()!, operation.Name.ToUpperInvariant(), path.Name,
                [.. parameters.Where(x => x.GetProperty("in").GetString() == "query").Select(x => x.GetProperty("name").GetString()!)], body, media);
        }
    }

    private IEnumerable<Request> Requests(Operation operation, Random random)
    {
        var routeNames = System.Text.RegularExpressions.Regex.Matches(operation.Path, "{([^}]+)}").Select(m => m.Groups[1].Value).ToList();
        string PathWith(string? name, string? value) => routeNames.Aggregate(operation.Path,
            (path, n) => path.Replace($"{{{n}}}", n == name ? value : RouteValue(operation.Path, n)));
        var path = PathWith(null, null);
        var (body, media) = (operation.MediaType == "application/json" ? operation.Body?.ToJsonString() : operation.Body?.GetValue<string>(), operation.MediaType);

        yield return new("as documented", path, "", [], body, media);
        foreach (var name in routeNames)
        foreach (var value in HostileText)
            yield return new($"route {name}={Show(value)}", PathWith(name, value), "", [], body, media);

        // Only reads take a query; a write is sent the ones it declares.
        foreach (var name in operation.Method == "GET" ? operation.Query.Union(QueryNames) : operation.Query)
        foreach (var value in Sample(HostileText, random, SampledValuesPerField))
            yield return new($"query {name}={Show(value)}", path, $"?{name}={Escape(value)}", [], body, media);

        // Idempotency-Key and If-Match mean something to writes only.
        foreach (var header in HostileHeaders.Where(h => operation.Method != "GET" || h.Name is not ("Idempotency-Key" or "If-Match")))
            yield return new($"header {header.Name}: {Show(header.Value)}", path, "", [header], body, media);

        if (media == FileBody)
        {
            yield return new("a file as documented", path, "?fileName=fuzz.pdf", [], "%PDF-1.7 fuzz", "application/pdf");
            foreach (var contentType in HostileContentTypes)
                yield return new($"a file as Content-Type {Show(contentType ?? "(none)")}", path, "?fileName=fuzz.pdf", [], "%PDF-1.7 fuzz", contentType);
        }
        if (operation.Body is null) yield break;
        foreach (var contentType in HostileContentTypes)
            yield return new($"Content-Type {Show(contentType ?? "(none)")}", path, "", [], body, contentType);
        foreach (var whole in HostileBodies)
            yield return new($"body {Show(whole)}", path, "", [], whole, media);
        if (media != "application/json") // a text body (a sheet): each hostile value as a line of it
            foreach (var value in HostileText)
                yield return new($"line {Show(value)}", path, "", [], $"{body}{value}\r\n", media);
        foreach (var field in Fields(operation.Body))
        foreach (var value in HostileJson.Take(2).Concat(Sample(HostileJson[2..], random, SampledValuesPerField)))
            yield return new($"body {string.Join('.', field)}={Show(value)}", path, "", [], With(operation.Body, field, value));
    }

    private async Task<(int Status, string Answer)> Send(Operation operation, Request request, string key)
    {
        // The live feed streams until the client leaves: it leaves once the answer has begun.
        using var leave = new CancellationTokenSource(operation.Id == "LiveFeed" ? TimeSpan.FromMilliseconds(300) : Patience);
        var result = await dedicated.Host.Scenario(s =>
        {
            s.ConfigureHttpContext(context =>
            {
                context.Request.Method = operation.Method;
                context.Request.Path = new PathString(request.Path);
                context.Request.QueryString = new QueryString(request.Query.Length > 0 ? request.Query : null);
                context.Request.Headers.Authorization = $"Bearer {key}";
                foreach (var (name, value) in request.Headers) context.Request.Headers.Append(name, value);
                if (request.Body is not null)
                {
                    var bytes = Encoding.UTF8.GetBytes(request.Body);
                    context.Request.Body = new MemoryStream(bytes);
                    context.Request.ContentLength = bytes.Length;
                    context.Request.ContentType = request.ContentType;
                }
                context.RequestAborted = leave.Token;
            });
            s.IgnoreStatusCode();
        });
        var status = result.Context.Response.StatusCode;
        return (status, status >= 500 ? Show(await result.ReadAsTextAsync()) : "");
    }

    /// <summary>The real id of the right kind for each route parameter, so that hostile values in other places reach the case.</summary>
    private string RouteValue(string path, string name) => name switch
    {
        "chargeId" => ids["charge"],
        "member" => ids["member"],
        _ when path.StartsWith("/api/campaigns", StringComparison.Ordinal) => ids["campaign"],
        _ when path.StartsWith("/api/subscriptions", StringComparison.Ordinal) => ids["subscription"],
        _ when path.StartsWith("/api/keys", StringComparison.Ordinal) => ids["key"],
        _ => ids["defendant"],
    };

    /// <summary>A plausible value for a schema, so that one hostile field at a time meets otherwise sensible input.</summary>
    private JsonNode? Example(JsonElement document, JsonElement schema, string name)
    {
        if (schema.TryGetProperty("$ref", out var reference))
            return Example(document, document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]), name);
        if (schema.TryGetProperty("oneOf", out var choices))
            return Example(document, choices.EnumerateArray().First(c => !(c.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null")), name);
        if (schema.TryGetProperty("enum", out var values))
            return JsonValue.Create((schema.TryGetProperty("default", out var d) ? d : values[0]).GetString());

        var types = !schema.TryGetProperty("type", out var type) ? []
            : type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
        var nullable = types.Contains("null");
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        return types.FirstOrDefault(t => t != "null") switch
        {
            "object" when schema.TryGetProperty("properties", out var properties) =>
                new JsonObject(properties.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, Example(document, p.Value, p.Name)))),
            "array" when nullable => null,
            "array" => new JsonArray(Example(document, schema.GetProperty("items"), name)),
            "integer" => nullable ? null : JsonValue.Create(0),
            "boolean" => JsonValue.Create(false),
            "string" when format == "uuid" => JsonValue.Create(name switch
            {
                "eventId" => ids["event"],
                "defendantIds" => ids["defendant"],
                "campaignIds" => ids["campaign"],
                _ => nullable ? null : Guid.NewGuid().ToString(),
            }),
            "string" when format == "date" => JsonValue.Create(Nov13.ToString("yyyy-MM-dd")),
            "string" when format == "date-time" => JsonValue.Create("2030-01-01T00:00:00Z"),
            "string" when name == "url" => JsonValue.Create("http://127.0.0.1:9/fuzz"),
            "string" when name is "member" or "owner" => JsonValue.Create("someone@fuzz.test"),
            "string" => JsonValue.Create("fuzz"),
            _ => null,
        };
    }

    /// <summary>Every field of a body, as a JSON pointer-like path of property names and indexes.</summary>
    private static IEnumerable<string[]> Fields(JsonNode? node, string[]? at = null)
    {
        at ??= [];
        if (at.Length > 0) yield return at;
        var children = node switch
        {
            JsonObject o => o.Select(p => (p.Key, p.Value)),
            JsonArray a => a.Select((v, i) => (i.ToString(), v)),
            _ => [],
        };
        foreach (var (key, child) in children.ToList())
        foreach (var field in Fields(child, [.. at, key]))
            yield return field;
    }

    /// <summary>The body with one field replaced by raw JSON text.</summary>
    private static string With(JsonNode body, string[] field, string json)
    {
        const string marker = "fuzz-marker-4f1d";
        var copy = body.DeepClone();
        var parent = field[..^1].Aggregate(copy, (node, key) => node is JsonArray a ? a[int.Parse(key)]! : node[key]!);
        if (parent is JsonArray array) array[int.Parse(field[^1])] = marker;
        else parent[field[^1]] = marker;
        return copy.ToJsonString().Replace($"\"{marker}\"", json);
    }

    private static IEnumerable<T> Sample<T>(IReadOnlyList<T> values, Random random, int count) =>
        values.OrderBy(_ => random.Next()).Take(count);

    private static string Nested(string open, string close, int depth) =>
        string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));

    /// <summary>Percent-encodes a query value; one that is not well-formed UTF-16 (a lone surrogate) is passed raw, as a test server lets it.</summary>
    private static string Escape(string value)
    {
        try
        {
            return string.Concat(new UTF8Encoding(false, true).GetBytes(value).Select(b => $"%{b:X2}"));
        }
        catch (EncoderFallbackException)
        {
            return value;
        }
    }

    /// <summary>A value as it can be read in a failure report: shortened, with anything unprintable escaped.</summary>
    private static string Show(string value)
    {
        var shown = value.Length > 120 ? $"{value[..60]}…({value.Length} chars)" : value;
        return string.Concat(shown.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:x4}"));
    }
}
