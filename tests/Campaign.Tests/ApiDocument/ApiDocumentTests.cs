using System.Reflection;
using System.Text.Json;
using Alba;
using Campaign.Access;
using Campaign.Infrastructure.ApiDocument;
using Campaign.Infrastructure.Writing;
using Campaign.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.ApiDocument;

/// <summary>
/// The OpenAPI document against the service it describes: every endpoint is in it with its security, every query
/// parameter and header it reads, and typed bodies. What an endpoint reads is found without the document: query
/// parameters by recording, request by request, which names its handling asks the query string for, and by the simple
/// parameters of its method; headers by what its method's parameters take (a command sent through HttpCommands reads
/// Idempotency-Key, and If-Match if versioned) and the few headers listed here.
/// </summary>
public sealed partial class ApiDocumentTests : IAsyncLifetime
{
    /// <summary>Headers read by endpoints themselves, beyond what HttpCommands reads for every write.</summary>
    private static readonly Dictionary<string, string[]> DeclaredHeaders = new() { ["LiveFeed"] = ["Last-Event-ID"] };

    private DedicatedHost dedicated = null!;
    private Api admin = null!;
    private JsonElement document;

    public async Task InitializeAsync()
    {
        dedicated = await DedicatedHost.Start("_apidoc", new Dictionary<string, string> { ["Confidentiality:MasterKey"] = AppFixture.MasterKey },
            services: s => s.AddSingleton<IStartupFilter, QueryReads>());
        admin = await dedicated.As(Role.Admin, "apidoc-admin@test");
        document = JsonDocument.Parse(await (await dedicated.Host.Scenario(s => s.Get.Url("/openapi/v1.json"))).ReadAsTextAsync()).RootElement.Clone();
    }

    public async Task DisposeAsync() => await dedicated.DisposeAsync();

    [Fact]
    public void Every_endpoint_is_documented_with_the_security_it_requires()
    {
        var schemes = document.GetProperty("components").GetProperty("securitySchemes").EnumerateObject().Select(s => s.Name).ToHashSet();
        var failures = new List<string>();
        foreach (var (endpoint, path, method) in ApiEndpoints())
        {
            if (Operation(path, method) is not { } operation)
            {
                failures.Add($"{method} {path} is not in the document");
                continue;
            }
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null || endpoint.Metadata.GetMetadata<IAuthorizeData>() is null;
            var security = operation.TryGetProperty("security", out var s) ? s.EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).ToList() : [];
            if (!anonymous && security.Count == 0) failures.Add($"{method} {path} requires a credential but declares no security");
            failures.AddRange(security.Where(name => !schemes.Contains(name)).Select(name => $"{method} {path} names an undefined scheme {name}"));
            if (!anonymous && !operation.GetProperty("responses").TryGetProperty("401", out _)) failures.Add($"{method} {path} documents no 401");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Contains(SecuritySchemes.Bearer, schemes);
        Assert.Contains(SecuritySchemes.ApiKey, schemes);
    }

    [Fact]
    public async Task Every_query_parameter_and_header_an_endpoint_reads_is_documented()
    {
        var failures = new List<string>();
        var recorded = 0;
        foreach (var (endpoint, path, method) in ApiEndpoints())
        {
            var operation = Operation(path, method)!.Value;
            var id = operation.GetProperty("operationId").GetString()!;
            var documented = (operation.TryGetProperty("parameters", out var p) ? p.EnumerateArray() : default)
                .Select(x => (Name: x.GetProperty("name").GetString()!, In: x.GetProperty("in").GetString()!)).ToList();
            var queryNames = documented.Where(x => x.In == "query").Select(x => x.Name).Concat(QuerySchemes(operation)).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var headerNames = documented.Where(x => x.In == "header").Select(x => x.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var routeNames = documented.Where(x => x.In == "path").Select(x => x.Name).ToHashSet();
            var handler = endpoint.Metadata.GetMetadata<EndpointMethod>()!;

            // Simple parameters of the method that are not in the route come from the query string.
            foreach (var parameter in handler.Method.GetParameters().Where(x => IsSimple(x.ParameterType) && !routeNames.Contains(x.Name!)))
                if (!queryNames.Contains(parameter.Name!)) failures.Add($"{id}: its method takes '{parameter.Name}' from the query; not documented");

            var reads = await QueryReadsOf(method, path, id);
            recorded += reads.Count;
            failures.AddRange(reads.Where(name => !queryNames.Contains(name)).Select(name => $"{id}: reads the query parameter '{name}'; not documented"));

            foreach (var header in HeadersRead(handler, id).Where(h => !headerNames.Contains(h)))
                failures.Add($"{id}: reads the header '{header}'; not documented");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(recorded > 10, $"Only {recorded} query reads were recorded: the recording is not in the request's way.");
    }

    [Fact]
    public void Every_body_is_typed_and_every_operation_described()
    {
        var failures = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        foreach (var operation in path.Value.EnumerateObject())
        {
            var id = operation.Value.GetProperty("operationId").GetString()!;
            if (operation.Value.TryGetProperty("requestBody", out var body))
                failures.AddRange(Untyped(body.GetProperty("content")).Select(c => $"{id}: request body {c} is untyped"));
            foreach (var response in operation.Value.GetProperty("responses").EnumerateObject())
            {
                if (response.Value.TryGetProperty("content", out var content))
                    failures.AddRange(Untyped(content).Select(c => $"{id}: response {response.Name} {c} is untyped"));
                else if (response.Name is not ("201" or "202" or "204")) failures.Add($"{id}: response {response.Name} has no body");
                if (response.Name == "204" && operation.Name == "get") failures.Add($"{id}: a read answers 204");
            }
            var summary = operation.Value.TryGetProperty("summary", out var s) ? s.GetString() : null;
            var description = operation.Value.TryGetProperty("description", out var d) ? d.GetString() : null;
            if (string.IsNullOrWhiteSpace(summary) || summary.Contains('_') || description?.StartsWith($"{operation.Name.ToUpperInvariant()}_") == true)
                failures.Add($"{id}: a placeholder summary or description: {summary} / {description}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        Assert.True(Operation("/api/feed/live", "GET")!.Value.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("text/event-stream", out _));
        Assert.True(Operation("/api/audit/export", "GET")!.Value.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("application/x-ndjson", out _));
    }

    /// <summary>Each endpoint of the API (under /api) with its path as the document writes it and its method.</summary>
    private IEnumerable<(RouteEndpoint Endpoint, string Path, string Method)> ApiEndpoints() =>
        dedicated.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (e, "/" + e.RoutePattern.RawText!.TrimStart('/'), m)));

    private JsonElement? Operation(string path, string method) =>
        document.GetProperty("paths").TryGetProperty(path, out var item) && item.TryGetProperty(method.ToLowerInvariant(), out var operation) ? operation : null;

    /// <summary>Query parameters that carry a credential, named by the operation's security schemes.</summary>
    private IEnumerable<string> QuerySchemes(JsonElement operation)
    {
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        return (operation.TryGetProperty("security", out var s) ? s.EnumerateArray().SelectMany(r => r.EnumerateObject().Select(x => x.Name)) : [])
            .Select(name => schemes.GetProperty(name))
            .Where(scheme => scheme.TryGetProperty("in", out var at) && at.GetString() == "query")
            .Select(scheme => scheme.GetProperty("name").GetString()!);
    }

    private static IEnumerable<string> HeadersRead(EndpointMethod handler, string id)
    {
        var parameters = handler.Method.GetParameters();
        if (parameters.Any(x => x.ParameterType == typeof(HttpCommands)))
        {
            yield return "Idempotency-Key";
            if (parameters.Any(x => x.ParameterType.IsAssignableTo(typeof(IVersionedCommand)))) yield return "If-Match";
        }
        foreach (var header in DeclaredHeaders.GetValueOrDefault(id) ?? []) yield return header;
    }

    /// <summary>Which query parameters the handling of one request to the operation asks for, as an admin.</summary>
    private async Task<IReadOnlyCollection<string>> QueryReadsOf(string method, string path, string id)
    {
        var url = System.Text.RegularExpressions.Regex.Replace(path, "{([^}]+)}", m => m.Groups[1].Value switch
        {
            "member" => "someone@apidoc.test",
            _ when path.StartsWith("/api/keys", StringComparison.Ordinal) => "0123456789abcdef",
            _ => Guid.NewGuid().ToString(),
        });
        using var leave = new CancellationTokenSource(id == "LiveFeed" ? TimeSpan.FromMilliseconds(300) : TimeSpan.FromSeconds(20));
        var result = await dedicated.Host.Scenario(s =>
        {
            s.ConfigureHttpContext(context =>
            {
                context.Request.Method = method;
                context.Request.Path = url;
                context.Request.Headers.Authorization = $"Bearer {admin.Key}";
                context.RequestAborted = leave.Token;
            });
            s.IgnoreStatusCode();
        });
        return QueryReads.Of(result.Context);
    }

    private static bool IsSimple(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(Guid) || type == typeof(DateTimeOffset)
            || type == typeof(DateTime) || type == typeof(DateOnly) || type == typeof(decimal);
    }

    /// <summary>The media types of a content map whose schema says nothing: absent, empty, or a reference to an empty or framework type.</summary>
    private IEnumerable<string> Untyped(JsonElement content)
    {
        foreach (var media in content.EnumerateObject())
        {
            if (!media.Value.TryGetProperty("schema", out var schema)) { yield return media.Name; continue; }
            if (schema.TryGetProperty("$ref", out var reference))
            {
                var name = reference.GetString()!.Split('/')[^1];
                var target = document.GetProperty("components").GetProperty("schemas").GetProperty(name);
                if (name is "IResult" || !target.EnumerateObject().Any(p => p.Name is "type" or "properties" or "oneOf" or "enum")) yield return $"{media.Name} ({name})";
            }
            else if (!schema.EnumerateObject().Any(p => p.Name is "type" or "oneOf" or "items")) yield return media.Name;
        }
    }
}
