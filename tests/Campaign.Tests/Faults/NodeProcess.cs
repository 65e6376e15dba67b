using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Campaign.Tests.Faults;

/// <summary>
/// A node of the service as it runs for real: the built Campaign.Api.dll started with <c>dotnet</c> on a loopback port,
/// so that it can be killed with SIGKILL. Its log is kept (and written beside the fault cluster's database).
/// </summary>
public sealed partial class NodeProcess
{
    private readonly Process process;
    private readonly StreamWriter file;
    public string Name { get; }
    public int Port { get; }
    public ConcurrentQueue<string> Log { get; } = new();

    /// <summary>Wolverine's id of this node, from the line it logs when it joins the cluster.</summary>
    public Guid? WolverineId => Log.Select(line => NodeJoined().Match(line)).Where(m => m.Success).Select(m => Guid.Parse(m.Groups[1].Value))
        .Cast<Guid?>().LastOrDefault();

    public bool Exited => process.HasExited;
    public int Pid => process.Id;

    private NodeProcess(string name, int port, Process process, StreamWriter file) => (Name, Port, this.process, this.file) = (name, port, process, file);

    /// <summary>Starts a node on <paramref name="port"/>, given as <c>--urls</c> or, as a container is given it, in <c>ASPNETCORE_URLS</c>.</summary>
    public static NodeProcess Start(string name, int port, IReadOnlyDictionary<string, string> settings, string logFolder, bool urlsFlag = true)
    {
        var address = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet", urlsFlag ? [Dll, "--urls", address] : [Dll])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(Dll)!,
        };
        if (!urlsFlag) start.Environment["ASPNETCORE_URLS"] = address;
        foreach (var (key, value) in settings) start.Environment[key] = value;
        var process = Process.Start(start)!;
        var node = new NodeProcess(name, port, process, new StreamWriter(Path.Combine(logFolder, $"{name}.log"), append: true) { AutoFlush = true });
        process.OutputDataReceived += (_, line) => node.Record(line.Data);
        process.ErrorDataReceived += (_, line) => node.Record(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    private void Record(string? line)
    {
        if (line is null) return;
        Log.Enqueue(line);
        lock (file) file.WriteLine(line);
    }

    /// <summary>Waits until the node ends by itself and its output is read; false if it still runs after <paramref name="within"/>.</summary>
    public async Task<bool> Ended(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>kill -9.</summary>
    public async Task Kill()
    {
        Signals.Kill(process.Id);
        await process.WaitForExitAsync();
    }

    /// <summary>A clean stop (SIGTERM), as an orchestrator stops a node.</summary>
    public async Task Stop(TimeSpan within)
    {
        if (process.HasExited) return;
        Signals.Terminate(process.Id);
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await Kill();
        }
    }

    /// <summary>The service as built with the tests (same configuration), beside them in src/.</summary>
    public static string Dll
    {
        get
        {
            var tests = new DirectoryInfo(AppContext.BaseDirectory); // tests/Campaign.Tests/bin/<Configuration>/<framework>/
            var (framework, configuration) = (tests.Name, tests.Parent!.Name);
            var root = tests;
            while (!File.Exists(Path.Combine(root!.FullName, "Campaign.sln"))) root = root.Parent;
            return Path.Combine(root.FullName, "src", "Campaign.Api", "bin", configuration, framework, "Campaign.Api.dll");
        }
    }

    [GeneratedRegex(@"Starting agents for Node ([0-9a-fA-F-]{36})")]
    private static partial Regex NodeJoined();
}

/// <summary>Signals sent as an operator (or the kernel) would, with kill(1).</summary>
public static class Signals
{
    /// <summary>kill -9 of all of them at once.</summary>
    public static void Kill(params int[] pids) => Send("KILL", pids);

    public static void Terminate(int pid) => Send("TERM", pid);

    private static void Send(string signal, params int[] pids)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-s", signal, .. pids.Select(p => p.ToString())]) { RedirectStandardError = true })!;
        kill.WaitForExit();
    }
}
