using System.Text.Json;
using Campaign.Access;
using Campaign.Access.Keys;
using Campaign.Demo;
using Campaign.Tests.Support;
using JasperFx.CommandLine;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using Npgsql;

namespace Campaign.Tests.Console;

/// <summary>
/// The service on Kestrel at a free loopback port, on a database of its own with the Atajurt 19 case loaded through the
/// API, and Debian's Chromium driven by Playwright (never a browser downloaded at run time).
/// </summary>
public sealed class ConsoleBrowser : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private ServiceOnKestrel service = null!;
    private IPlaywright playwright = null!;

    public IBrowser Browser { get; private set; } = null!;
    public string Address { get; private set; } = "";
    public IServiceProvider Services => service.Services;
    public string AdminKey { get; private set; } = "";

    /// <summary>The NGO's identity provider, at localhost: another site than the console at 127.0.0.1, as a real one is.</summary>
    public LocalIdentityProvider Provider { get; private set; } = null!;
    public Guid Atajurt { get; private set; }
    public IReadOnlyList<Guid> AtajurtDefendants { get; private set; } = [];

    /// <summary>Where screenshots go: TestResults/screenshots at the repository's root.</summary>
    public static string Screenshots { get; } = Path.Combine(RepositoryRoot(), "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium)) throw new InvalidOperationException($"The browser tests need Debian's chromium at {Chromium}: deploy/test.sh installs it.");
        var connection = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("ConnectionStrings__Marten")
            ?? throw new InvalidOperationException("The tests need PostgreSQL: run them with deploy/test.sh."));
        connection.Database += "_console";
        await CreateEmptyDatabase(connection);

        Provider = await LocalIdentityProvider.Start("localhost");
        JasperFxEnvironment.AutoStartHost = true;
        service = new ServiceOnKestrel(new Dictionary<string, string>(Provider.ConsoleSettings())
        {
            ["ConnectionStrings:Marten"] = connection.ConnectionString,
            ["Limits:RequestsPerMinute"] = "1000000",
            ["Limits:UnauthenticatedRequestsPerMinute"] = "1000000",
            ["Confidentiality:MasterKey"] = AppFixture.MasterKey,
        });
        service.UseKestrel(0);
        service.StartServer();
        Address = service.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1").Replace("localhost", "127.0.0.1").TrimEnd('/');
        Provider.Register(Address);

        AdminKey = (await IssueKey(Role.Admin, "admin@ngo.test")).Key;
        using var api = Api(AdminKey);
        var json = service.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        (Atajurt, AtajurtDefendants, var sequence) = await new AtajurtCase(api, json).Load();
        (await api.GetAsync($"/api/campaigns/{Atajurt}?waitForSequence={sequence}")).EnsureSuccessStatusCode();

        Directory.CreateDirectory(Screenshots);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    public IDocumentStore Store => service.Services.GetRequiredService<IDocumentStore>();

    /// <summary>The service's own JSON settings, for requests to its API.</summary>
    public JsonSerializerOptions Json => service.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;

    public Task<IssuedKey> IssueKey(Role role, string owner) =>
        service.Services.GetRequiredService<KeyIssuer>().Issue(owner, role, "browser tests", null, "test fixture");

    /// <summary>The API on the same service, for setting up what a test needs.</summary>
    public HttpClient Api(string key)
    {
        var client = new HttpClient { BaseAddress = new Uri(Address) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    /// <summary>A fresh browser profile (no cookies), signed in with <paramref name="key"/> through the sign-in page.</summary>
    public async Task<IPage> SignedIn(string key, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = Address, ViewportSize = new() { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel("Your access key").FillAsync(key);
        await page.GetByLabel("Your access key").PressAsync("Enter");
        await page.WaitForURLAsync("**/campaigns");
        return page;
    }

    public static Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, $"{name}.png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        playwright?.Dispose();
        if (service is not null) await service.DisposeAsync();
        if (Provider is not null) await Provider.DisposeAsync();
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Campaign.sln"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }

    private static async Task CreateEmptyDatabase(NpgsqlConnectionStringBuilder target)
    {
        var admin = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres" };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await new NpgsqlCommand($"drop database if exists \"{target.Database}\" with (force)", connection).ExecuteNonQueryAsync();
        await new NpgsqlCommand($"create database \"{target.Database}\"", connection).ExecuteNonQueryAsync();
    }

    private sealed class ServiceOnKestrel(IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<ConsoleBrowser>
{
    public const string Name = "browser";
}
