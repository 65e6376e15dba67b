using System.Diagnostics;
using Npgsql;

namespace Campaign.Tests.Faults;

/// <summary>
/// A PostgreSQL cluster of the fault tests' own (a fresh one in a temporary folder, on CAMPAIGN_FAULTS_PG_PORT), which
/// they may kill. Commits are flushed before they are acknowledged (synchronous_commit and fsync on), as in production.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string bin;
    private readonly string folder;
    private string Data => Path.Combine(folder, "data");
    public int Port { get; }
    /// <summary>For the nodes.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Database=campaign;Username=campaign";

    /// <summary>A connection of the test's own, never a pooled one that a kill left broken.</summary>
    public async Task<NpgsqlConnection> Open(string database = "campaign")
    {
        var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={Port};Database={database};Username=campaign;Pooling=false");
        await connection.OpenAsync();
        return connection;
    }

    private PostgresServer(string bin, string folder, int port) => (this.bin, this.folder, Port) = (bin, folder, port);

    private static bool Root => Environment.UserName == "root";

    public static int ConfiguredPort => int.Parse(Environment.GetEnvironmentVariable("CAMPAIGN_FAULTS_PG_PORT")
        ?? throw new InvalidOperationException("The fault tests need CAMPAIGN_FAULTS_PG_PORT: run them with deploy/test.sh."));

    public static async Task<PostgresServer> Create()
    {
        var port = ConfiguredPort;
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "pg_ctl"))).OrderByDescending(d => d).FirstOrDefault()
            : null;
        var server = new PostgresServer(bin ?? throw new InvalidOperationException("The fault tests need PostgreSQL's server binaries (deploy/test.sh installs them)."),
            $"/var/tmp/campaign-faults-{port}", port);
        await server.Forget();
        Directory.CreateDirectory(server.folder);
        if (Root) await Run("chown", "postgres", server.folder);
        await server.AsOwner("initdb", "-D", server.Data, "-U", "campaign", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
        await File.AppendAllTextAsync(Path.Combine(server.Data, "postgresql.conf"), $"""

            listen_addresses = '127.0.0.1'
            port = {port}
            unix_socket_directories = '{server.Data}'
            max_connections = 300
            fsync = on
            synchronous_commit = on

            """);
        await server.Start();
        await using var connection = await server.Open("postgres");
        await new NpgsqlCommand("create database campaign", connection).ExecuteNonQueryAsync();
        return server;
    }

    public Task Start() => AsOwner("pg_ctl", "-D", Data, "-l", Path.Combine(folder, "postgres.log"), "-w", "-t", "120", "start");

    /// <summary>kill -9 of the postmaster and every process of it, as the kernel's OOM killer or a crash would.</summary>
    public async Task Kill()
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(Data, "postmaster.pid")).First());
        var processes = Children(postmaster).Prepend(postmaster).ToList();
        Signals.Kill([.. processes]);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (processes.Any(pid => Directory.Exists($"/proc/{pid}")) && DateTime.UtcNow < deadline) await Task.Delay(50);
    }

    private static IEnumerable<int> Children(int parent) =>
        Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsDigit)).Select(int.Parse!)
            .Where(pid => ParentOf(pid) == parent);

    private static int? ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
        }
        catch (IOException)
        {
            return null; // ended meanwhile
        }
    }

    /// <summary>Stops a server left by an earlier run, if any, and removes its folder.</summary>
    private async Task Forget()
    {
        if (File.Exists(Path.Combine(Data, "postmaster.pid")))
            await AsOwner("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop").ContinueWith(_ => { });
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    public async ValueTask DisposeAsync() => await Forget();

    private Task AsOwner(string program, params string[] arguments) => Root
        ? Run("runuser", ["-u", "postgres", "--", Path.Combine(bin, program), .. arguments])
        : Run(Path.Combine(bin, program), arguments);

    private static async Task Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        using var process = Process.Start(start)!;
        var (output, errors) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', arguments)}: {await output}{await errors}");
    }
}
