using System.Text.Json;
using Alba;
using Campaign.Campaigns;
using Campaign.Defendants;
using Campaign.Infrastructure.Writing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Campaign.Tests.Support;

/// <summary>The HTTP API as a client sees it, through the real pipeline, with the service's own JSON settings.</summary>
public sealed class Api(IAlbaHost host, string? key)
{
    public string? Key => key;

    /// <summary>The same API with another credential (or none).</summary>
    public Api As(string? otherKey) => new(host, otherKey);

    /// <summary>The same credential on another host (e.g. after a restart).</summary>
    public Api On(IAlbaHost other) => new(other, key);

    public JsonSerializerOptions Json { get; } = host.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

    // Responses carry derived fields (e.g. a view's current custody) that a request may not.
    private readonly JsonSerializerOptions reading = new(host.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip,
    };

    public HttpClient Client()
    {
        var client = host.Server.CreateClient();
        if (key is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    public Task<WriteResult> Post(string url, object body, int status = 200, params (string Name, string Value)[] headers) =>
        Send<WriteResult>(url, Serialize(body), status, headers);

    public Task<T> Post<T>(string url, object body, int status = 200) => Send<T>(url, Serialize(body), status, []);

    /// <summary>Posts raw text as JSON and expects problem details with the given status.</summary>
    public Task<ValidationProblemDetails> Reject(string url, string json, int status = 400, params (string Name, string Value)[] headers) =>
        Send<ValidationProblemDetails>(url, json, status, headers, "application/problem+json");

    public Task<ValidationProblemDetails> Reject(string url, object body, int status = 400, params (string Name, string Value)[] headers) =>
        Reject(url, Serialize(body), status, headers);

    public async Task<T> Get<T>(string url, int status = 200)
    {
        var result = await host.Scenario(s =>
        {
            s.Get.Url(url);
            Authenticate(s);
            s.StatusCodeShouldBe(status);
        });
        return JsonSerializer.Deserialize<T>(await result.ReadAsTextAsync(), reading)!;
    }

    public async Task Delete(string url, int status = 204) =>
        await host.Scenario(s =>
        {
            s.Delete.Url(url);
            Authenticate(s);
            s.StatusCodeShouldBe(status);
        });

    public Task<DefendantView> Defendant(Guid id) => Get<DefendantView>($"/api/defendants/{id}");

    /// <summary>The campaign view once it includes the write with <paramref name="sequence"/> (read-your-writes).</summary>
    public Task<CampaignView> Campaign(Guid id, long sequence) => Get<CampaignView>($"/api/campaigns/{id}?waitForSequence={sequence}");

    public void Authenticate(Scenario scenario)
    {
        if (key is not null) scenario.WithRequestHeader("Authorization", $"Bearer {key}");
    }

    public string Serialize(object body) => JsonSerializer.Serialize(body, body.GetType(), Json);

    private async Task<T> Send<T>(string url, string json, int status, (string Name, string Value)[] headers, string? contentType = null)
    {
        var result = await host.Scenario(s =>
        {
            s.Post.Text(json).ToUrl(url);
            s.WithRequestHeader("Content-Type", "application/json");
            Authenticate(s);
            foreach (var (name, value) in headers) s.WithRequestHeader(name, value);
            s.StatusCodeShouldBe(status);
            if (contentType is not null) s.ContentTypeShouldBe(contentType);
        });
        var text = await result.ReadAsTextAsync();
        return text.Length == 0 ? default! : JsonSerializer.Deserialize<T>(text, reading)!;
    }
}
