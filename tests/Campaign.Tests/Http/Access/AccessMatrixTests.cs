using System.Text.RegularExpressions;
using Alba;
using Campaign.Access;
using Campaign.Access.Keys;
using Campaign.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Http.Access;

/// <summary>
/// Every endpoint the service maps, called with no credential, bad credentials and each role. An endpoint missing
/// from <see cref="Rules"/> fails this test: a new endpoint cannot ship without a decided access rule.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AccessMatrixTests(AppFixture app)
{
    private enum Rule { Anonymous, Read, Write, Launch, Administer, Feed, Subscribe, Audit }

    private static readonly Dictionary<string, Rule> Rules = new()
    {
        ["GET /health"] = Rule.Anonymous,
        ["GET /health/live"] = Rule.Anonymous,
        ["GET /health/ready"] = Rule.Anonymous,
        ["GET /openapi/{documentName}.json"] = Rule.Anonymous,
        ["GET /docs/{documentName?}"] = Rule.Anonymous,
        ["GET /docs/scalar.js"] = Rule.Anonymous,
        ["GET /docs/scalar.aspnetcore.js"] = Rule.Anonymous,
        ["GET /docs/favicon.svg"] = Rule.Anonymous,
        ["GET /api/campaigns"] = Rule.Read,
        ["POST /api/campaigns"] = Rule.Launch,
        ["GET /api/campaigns/{id}"] = Rule.Read,
        ["POST /api/campaigns/{id}/defendants"] = Rule.Write,
        ["POST /api/campaigns/{id}/statements"] = Rule.Write,
        ["POST /api/campaigns/{id}/developments"] = Rule.Write,
        ["GET /api/campaigns/{id}/alert-settings"] = Rule.Write,
        ["POST /api/campaigns/{id}/alert-settings"] = Rule.Write,
        ["GET /api/attention"] = Rule.Read,
        ["POST /api/campaigns/{id}/imports"] = Rule.Write,
        ["POST /api/campaigns/{id}/imports/dry-run"] = Rule.Write,
        ["GET /api/imports/template"] = Rule.Launch,
        ["GET /api/defendants/{id}"] = Rule.Read,
        ["GET /api/defendants/{id}/timeline"] = Rule.Read,
        ["POST /api/defendants/{id}/detentions"] = Rule.Write,
        ["POST /api/defendants/{id}/charges"] = Rule.Write,
        ["POST /api/defendants/{id}/charges/{chargeId}/escalations"] = Rule.Write,
        ["POST /api/defendants/{id}/charges/{chargeId}/dropped"] = Rule.Write,
        ["POST /api/defendants/{id}/custody"] = Rule.Write,
        ["POST /api/defendants/{id}/custody/extensions"] = Rule.Write,
        ["POST /api/defendants/{id}/hearings"] = Rule.Write,
        ["POST /api/defendants/{id}/verdicts"] = Rule.Write,
        ["POST /api/defendants/{id}/release"] = Rule.Write,
        ["POST /api/defendants/{id}/evidence"] = Rule.Write,
        ["GET /api/defendants/{id}/evidence/{evidenceId}"] = Rule.Read,
        ["POST /api/streams/{streamId}/retractions"] = Rule.Write,
        ["POST /api/streams/{streamId}/erasure"] = Rule.Administer,
        ["GET /api/campaigns/{id}/members"] = Rule.Administer,
        ["POST /api/campaigns/{id}/members"] = Rule.Administer,
        ["DELETE /api/campaigns/{id}/members/{member}"] = Rule.Administer,
        ["GET /api/keys"] = Rule.Administer,
        ["POST /api/keys"] = Rule.Administer,
        ["DELETE /api/keys/{id}"] = Rule.Administer,
        ["GET /api/feed"] = Rule.Feed,
        ["GET /api/feed/live"] = Rule.Feed,
        ["POST /api/feed/tokens"] = Rule.Feed,
        ["GET /api/subscriptions"] = Rule.Subscribe,
        ["POST /api/subscriptions"] = Rule.Subscribe,
        ["GET /api/subscriptions/{id}"] = Rule.Subscribe,
        ["DELETE /api/subscriptions/{id}"] = Rule.Subscribe,
        ["POST /api/subscriptions/{id}/pause"] = Rule.Subscribe,
        ["POST /api/subscriptions/{id}/resume"] = Rule.Subscribe,
        ["POST /api/subscriptions/{id}/secret"] = Rule.Subscribe,
        ["GET /api/subscriptions/{id}/deliveries"] = Rule.Subscribe,
        ["POST /api/subscriptions/{id}/replay"] = Rule.Subscribe,
        ["GET /api/streams/{id}/events"] = Rule.Audit,
        ["GET /api/audit/events"] = Rule.Audit,
        ["GET /api/audit/verify"] = Rule.Audit,
        ["GET /api/audit/export"] = Rule.Audit,
        ["GET /api/audit/public-key"] = Rule.Audit,
        ["GET /api/audit/checkpoints"] = Rule.Audit,
        ["POST /api/audit/checkpoints"] = Rule.Administer,
        ["GET /api/operations/progress"] = Rule.Audit,
    };

    /// <remarks>The staff console's pages and assets (routes without a leading slash) take no API credential: Console/ tests them.</remarks>
    private static IReadOnlyList<string> EndpointsOf(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith('/') == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Distinct().Order().ToList();

    [Fact]
    public void Every_endpoint_has_a_decided_rule()
    {
        var endpoints = EndpointsOf(app.Host.Services);

        Assert.Empty(endpoints.Except(Rules.Keys));
        Assert.Empty(Rules.Keys.Except(endpoints));
    }

    [Fact]
    public async Task Each_endpoint_answers_each_credential_as_its_rule_says_and_nothing_is_written_by_those_denied()
    {
        var member = await app.As(Role.Staff);
        var (campaign, defendant, charge) = await member.ChargedDefendant();
        var throwawayKey = await app.IssueKey(Role.Partner, "throwaway@test");
        var revoked = await app.IssueKey(Role.Staff, "revoked@test");
        await app.Host.Services.GetRequiredService<KeyIssuer>().Revoke(revoked.Id, "test");
        var expired = await app.Host.Services.GetRequiredService<KeyIssuer>()
            .Issue("expired@test", Role.Admin, null, DateTimeOffset.UtcNow.AddMinutes(-1), "test");
        var events = await app.EventCount(campaign, defendant);

        var credentials = new (string Name, string? Key, Func<Rule, bool>? Allowed)[]
        {
            ("no key", null, null), ("revoked key", revoked.Key, null), ("expired key", expired.Key, null),
            ("malformed key", "cmp_nonsense", null), ("unknown key", "cmp_0123456789abcdef_nosuchsecret", null),
            ("admin", app.Admin.Key, _ => true),
            ("staff member", member.Key, rule => rule is Rule.Read or Rule.Write or Rule.Launch),
            ("staff of another campaign", (await app.As(Role.Staff)).Key, rule => rule is Rule.Launch),
            ("partner", (await app.As(Role.Partner)).Key, rule => rule is Rule.Read or Rule.Feed or Rule.Subscribe),
            ("auditor", (await app.As(Role.Auditor)).Key, rule => rule is Rule.Read or Rule.Feed or Rule.Audit),
        };

        var failures = new List<string>();
        foreach (var endpoint in EndpointsOf(app.Host.Services))
        {
            var rule = Rules[endpoint];
            var (method, route) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1]);
            var url = Url(route, campaign, defendant, charge, throwawayKey.Id);
            foreach (var (name, key, allowed) in credentials)
            {
                var status = await Call(method, url, key);
                var expected = rule == Rule.Anonymous ? "2xx"
                    : allowed is null ? "401"
                    : allowed(rule) || (rule == Rule.Read && route is "/api/campaigns" or "/api/attention") ? "neither 401 nor 403"
                    : "403";
                var ok = expected switch
                {
                    "2xx" => status is >= 200 and < 300,
                    "401" => status == 401,
                    "403" => status == 403,
                    _ => status is not (401 or 403) and < 500,
                };
                if (!ok) failures.Add($"{endpoint} with {name}: {status}, expected {expected}");
            }
        }

        Assert.Empty(failures);
        Assert.Equal(events, await app.EventCount(campaign, defendant));
    }

    private static string Url(string route, Guid campaign, Guid defendant, Guid charge, string keyId)
    {
        var url = route.Replace("{documentName}", "v1").Replace("{documentName?}", "")
            .Replace("{chargeId}", charge.ToString()).Replace("{member}", "someone@test").Replace("{evidenceId}", Guid.NewGuid().ToString()).Replace("{streamId}", defendant.ToString());
        url = url.StartsWith("/api/campaigns/") ? url.Replace("{id}", campaign.ToString())
            : url.StartsWith("/api/defendants/") ? url.Replace("{id}", defendant.ToString())
            : url.Replace("{id}", keyId);
        Assert.DoesNotMatch("{.*}", url);
        return url;
    }

    /// <summary>The status of the answer, read as soon as its headers arrive (the live feed never ends by itself).</summary>
    private async Task<int> Call(string method, string url, string? key)
    {
        using var client = app.Host.Server.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method == "POST") request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        if (key is not null) request.Headers.Authorization = new("Bearer", key);
        using var cancel = new CancellationTokenSource();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        await cancel.CancelAsync();
        return (int)response.StatusCode;
    }
}
