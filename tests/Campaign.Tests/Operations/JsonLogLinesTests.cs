using System.Text.Json;
using Campaign.Tests.Faults;
using Campaign.Tests.Support;

namespace Campaign.Tests.Operations;

/// <summary>
/// The service as an operator runs it (the built dll, in a process of its own) with <c>Logging:Format=json</c>: every line
/// it writes is a JSON object, from before the host starts to a failed start's exception, with ASP.NET Core's flags
/// (<c>--urls</c>) or without.
/// </summary>
public sealed class JsonLogLinesTests
{
    private static readonly string Logs = Directory.CreateTempSubdirectory("campaign-json-logs").FullName;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_run_writes_only_json_lines_from_start_to_stop(bool urlsFlag)
    {
        var port = LoadBalancer.FreePort();
        var node = NodeProcess.Start($"json-run-{port}", port, Settings(await DedicatedHost.Database("_jsonlogs")), Logs, urlsFlag);
        try
        {
            using var client = new HttpClient { BaseAddress = new($"http://127.0.0.1:{port}") };
            await Eventually.Holds(async () => await Answers(client), TimeSpan.FromSeconds(90), "the node answers /health/live");
        }
        finally
        {
            await node.Stop(TimeSpan.FromSeconds(30));
        }

        var entries = Entries(node);
        Assert.Contains(entries, e => e.GetProperty("Message").GetString()!.StartsWith("Now listening on", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.GetProperty("LogLevel").GetString() is "Critical" or "Error");
    }

    [Fact]
    public async Task A_failed_start_writes_its_exception_as_one_json_entry()
    {
        var unreachable = $"Host=127.0.0.1;Port={LoadBalancer.FreePort()};Database=none;Username=none;Password=none;Timeout=2";
        var node = NodeProcess.Start("json-failed-start", LoadBalancer.FreePort(), Settings(unreachable), Logs);
        Assert.True(await node.Ended(TimeSpan.FromMinutes(2)), "the start fails within 2 minutes");

        var failure = Assert.Single(Entries(node), e => e.GetProperty("LogLevel").GetString() == "Critical");
        Assert.StartsWith("The service failed to run: ", failure.GetProperty("Message").GetString());
        Assert.Contains("Npgsql", failure.GetProperty("Message").GetString());
    }

    private static Dictionary<string, string> Settings(string connectionString) => new()
    {
        ["ConnectionStrings__Marten"] = connectionString,
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Confidentiality__MasterKey"] = AppFixture.MasterKey,
        ["Logging__Format"] = "json",
    };

    /// <summary>Every line the node wrote, each parsed as a JSON object (a line that is not fails the test).</summary>
    private static List<JsonElement> Entries(NodeProcess node)
    {
        var lines = node.Log.Where(line => line.Length > 0).ToList();
        Assert.NotEmpty(lines);
        return lines.Select(line =>
        {
            try
            {
                return JsonDocument.Parse(line).RootElement;
            }
            catch (JsonException)
            {
                throw new Xunit.Sdk.XunitException($"Not a JSON line: {line}");
            }
        }).ToList();
    }

    private static async Task<bool> Answers(HttpClient client)
    {
        try
        {
            using var answer = await client.GetAsync("/health/live");
            return answer.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
