using System.Diagnostics;
using System.Text;
using Campaign.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace Campaign.Tests.Deploy;

/// <summary>It builds and publishes the service twice over: it runs alone, after the other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DockerImageCollection
{
    public const string Name = "Docker image";
}

/// <summary>
/// The Dockerfile's steps carried out without a Docker engine (deploy/verify-docker-steps.sh, on a database of its own):
/// the build with <c>codegen write</c>, the publish, the service started as the image starts it, its HEALTHCHECK,
/// readiness, a call with a key made by <c>keys create</c>; and the same build without the generated code refusing to
/// start, which shows that the image loads the generated code instead of compiling it at run time.
/// </summary>
[Collection(DockerImageCollection.Name)]
public sealed class DockerImageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task The_image_built_by_the_Dockerfiles_steps_loads_its_generated_code_and_answers_its_healthcheck_and_a_key()
    {
        var log = await VerifyDockerSteps(await EmptyDatabase("_docker"));

        Assert.Matches(@"codegen write generated [1-9]\d* files", log);
        Assert.Contains("The Dockerfile's HEALTHCHECK passed: /health/live answered 200.", log);
        Assert.Contains("/health/ready: 200", log);
        Assert.Contains("GET /api/campaigns with the key made by keys create: 200", log);
        Assert.Contains("POST /api/campaigns (a command through its handler): 201", log);
        Assert.Matches(@"Without the generated code it refuses to start: running in TypeLoadMode.Static, but [1-9]\d* expected pre-built", log);
    }

    private async Task<string> VerifyDockerSteps(string connectionString)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(DockerfileTests.Root, "deploy", "verify-docker-steps.sh")])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = DockerfileTests.Root,
        };
        start.Environment["ConnectionStrings__Marten"] = connectionString;
        start.Environment.Remove("DATABASE_URL");
        var log = new StringBuilder();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) => { lock (log) log.AppendLine(line.Data); };
        process.ErrorDataReceived += (_, line) => { lock (log) log.AppendLine(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.WaitForExit(); // the last lines of output
        string text;
        lock (log) text = log.ToString();
        output.WriteLine(text);
        Assert.False(limit.IsCancellationRequested, $"deploy/verify-docker-steps.sh took over {Limit.TotalMinutes} min:\n{text}");
        Assert.True(process.ExitCode == 0, $"deploy/verify-docker-steps.sh exited {process.ExitCode}:\n{text}");
        return text;
    }

    /// <summary>A database of its own, emptied: the image's node starts on it as on a new deployment.</summary>
    private static async Task<string> EmptyDatabase(string suffix)
    {
        var target = new NpgsqlConnectionStringBuilder(DedicatedHost.ConnectionStringFor(suffix));
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres" }.ConnectionString))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand($"drop database if exists \"{target.Database}\" with (force)", connection).ExecuteNonQueryAsync();
        }
        return await DedicatedHost.Database(suffix);
    }
}
