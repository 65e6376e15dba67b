using System.Net;
using Alba;
using Campaign.Access;
using Campaign.Tests.Support;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Console;

/// <summary>Errors on the console's pages are pages in its layout; the API keeps answering problem details.</summary>
[Collection(AppCollection.Name)]
public sealed class ErrorPageTests(AppFixture app)
{
    [Fact]
    public async Task An_unknown_defendant_campaign_or_page_is_a_404_page_in_the_console_layout()
    {
        var browser = await new ConsoleClient(app.Host).SignedIn(app.Admin.Key!);

        foreach (var url in new[] { $"/defendants/{Guid.NewGuid()}", $"/campaigns/{Guid.NewGuid()}", $"/defendants/{Guid.NewGuid()}/history", "/no-such-page" })
        {
            var page = await ConsolePage(browser.Get(url), HttpStatusCode.NotFound);
            Assert.Contains("<h1>This page does not exist</h1>", page);
            Assert.Contains("<a href=\"/search\">Search</a>", page); // the signed-in layout
        }

        // The slices' own 404s (no such campaign, no such key), thrown while a form is posted.
        var campaign = Guid.NewGuid();
        Assert.Contains("<h1>This page does not exist</h1>", await ConsolePage(browser.Get($"/admin/campaigns/{campaign}/members"), HttpStatusCode.NotFound));
        var member = await ConsolePage(browser.Submit("/campaigns", new Dictionary<string, string> { ["Member"] = "alice@ngo.test" }, $"/admin/campaigns/{campaign}/members"),
            HttpStatusCode.NotFound);
        Assert.Contains($"There is no campaign {campaign}.", member);
        var revoke = await ConsolePage(browser.Submit("/campaigns", new Dictionary<string, string>(), "/admin/keys/0123456789abcdef/revoke"), HttpStatusCode.NotFound);
        Assert.Contains("There is no key 0123456789abcdef.", revoke);
    }

    [Fact]
    public async Task Someone_not_signed_in_is_asked_to_sign_in_rather_than_told_what_exists()
    {
        var page = await ConsolePage(new ConsoleClient(app.Host).Get("/no-such-page?x=1"), HttpStatusCode.Unauthorized);

        Assert.Contains("<h1>Sign in to continue</h1>", page);
        Assert.Contains("href=\"/?returnUrl=%2Fno-such-page%3Fx%3D1\"", page);
        Assert.DoesNotContain("/search", page);
    }

    [Fact]
    public async Task The_api_still_answers_its_errors_in_problem_details()
    {
        var staff = await app.As(Role.Staff);
        var (_, defendant, _) = await staff.ChargedDefendant();

        await Problem(s => s.Get.Url($"/api/defendants/{Guid.NewGuid()}"), 404);
        await Problem(s => s.Get.Url("/api/no-such-thing"), 404);
        await Problem(s => s.Delete.Url("/api/campaigns"), 405);
        await Problem(s => s.Post.Text("{}").ToUrl($"/api/defendants/{defendant}/detentions"), 415);
        await staff.Reject($"/api/defendants/{defendant}/detentions", new { occurredOn = Nov13 });
    }

    [Fact]
    public async Task A_failure_on_a_console_page_is_a_500_page_in_the_layout_that_reveals_nothing_of_the_server()
    {
        await using var service = await DedicatedHost.Start("_errors", new Dictionary<string, string> { ["Confidentiality:MasterKey"] = AppFixture.MasterKey },
            services: s => s.Configure<MvcOptions>(o => o.Filters.Add(new FailsWhenAsked())));
        var admin = await service.As(Role.Admin, "admin@errors.test");
        var browser = await new ConsoleClient(service.Host).SignedIn(admin.Key!);

        Func<Task<HttpResponseMessage>>[] failures =
            [() => browser.Get("/campaigns?fail=1"), () => browser.Submit("/campaigns", new Dictionary<string, string>(), "/admin/keys/new?fail=1")];
        foreach (var failing in failures)
        {
            var response = await failing();
            CarriesSecurityHeaders(response.Headers.ToDictionary(h => h.Key, h => string.Join(", ", h.Value)));
            var page = await ConsolePage(Task.FromResult(response), HttpStatusCode.InternalServerError);
            Assert.Contains("<h1>Something went wrong on our side</h1>", page);
            Assert.Matches("Reference: <code>[0-9a-f]{32}</code>", page);
            Assert.Contains("<a href=\"/search\">Search</a>", page);
            Assert.DoesNotContain(FailsWhenAsked.Secret, page);
        }
        await service.Host.Scenario(s =>
        {
            s.Get.Url($"/api/defendants/{Guid.NewGuid()}?fail=1");
            admin.Authenticate(s);
            s.StatusCodeShouldBe(404);
            s.ContentTypeShouldBe("application/problem+json");
        });
    }

    [Fact]
    public async Task Error_pages_and_problem_details_carry_the_security_headers_as_every_answer_does()
    {
        var browser = await new ConsoleClient(app.Host).SignedIn(app.Admin.Key!);
        var pages = new[] { browser.Get($"/defendants/{Guid.NewGuid()}"), browser.Get("/no-such-page"), new ConsoleClient(app.Host).Get("/no-such-page") };
        foreach (var page in await Task.WhenAll(pages))
        {
            Assert.True(page.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Unauthorized, $"{page.RequestMessage!.RequestUri}: {page.StatusCode}");
            CarriesSecurityHeaders(page.Headers.ToDictionary(h => h.Key, h => string.Join(", ", h.Value)));
        }

        // A rejection thrown by a slice is answered by the exception handler, which starts its answer afresh.
        foreach (var (url, status) in new[] { ($"/api/defendants/{Guid.NewGuid()}", 404), ("/api/no-such-thing", 404) })
        {
            var problem = await app.Host.Scenario(s =>
            {
                s.Get.Url(url);
                app.Admin.Authenticate(s);
                s.StatusCodeShouldBe(status);
                s.ContentTypeShouldBe("application/problem+json");
            });
            var headers = problem.Context.Response.Headers;
            CarriesSecurityHeaders(headers.ToDictionary(h => h.Key, h => h.Value.ToString()));
            Assert.Equal("default-src 'none'; frame-ancestors 'none'", headers.ContentSecurityPolicy.ToString());
        }
    }

    private static void CarriesSecurityHeaders(IReadOnlyDictionary<string, string> headers)
    {
        var shown = string.Join("\n", headers.Select(h => $"{h.Key}: {h.Value}"));
        Assert.True(headers.GetValueOrDefault("X-Content-Type-Options") == "nosniff", shown);
        Assert.True(headers.GetValueOrDefault("X-Frame-Options") == "DENY", shown);
        Assert.True(headers.GetValueOrDefault("Referrer-Policy") == "no-referrer", shown);
        Assert.Contains("frame-ancestors 'none'", headers.GetValueOrDefault("Content-Security-Policy") ?? "");
        Assert.Contains("no-store", headers.GetValueOrDefault("Cache-Control") ?? "");
    }

    private async Task Problem(Action<Scenario> request, int status) =>
        await app.Host.Scenario(s =>
        {
            request(s);
            app.Admin.Authenticate(s);
            s.StatusCodeShouldBe(status);
            s.ContentTypeShouldBe("application/problem+json");
        });

    private static async Task<string> ConsolePage(Task<HttpResponseMessage> request, HttpStatusCode status)
    {
        var response = await request;
        var page = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}, expected {(int)status}\n{page}");
        Assert.True("text/html" == response.Content.Headers.ContentType?.MediaType, $"{response}\n{page}");
        Assert.Contains("<link rel=\"stylesheet\" href=\"/console.css\">", page);
        return page;
    }

    /// <summary>A console page that fails as a bug would, when its address says <c>fail</c>.</summary>
    private sealed class FailsWhenAsked : IAsyncPageFilter
    {
        public const string Secret = "Host=db.internal;Password=hunter2";

        public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

        public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next) =>
            context.HttpContext.Request.Query.ContainsKey("fail") && context.HttpContext.Request.Path != "/error" ? throw new InvalidOperationException(Secret) : next();
    }
}
