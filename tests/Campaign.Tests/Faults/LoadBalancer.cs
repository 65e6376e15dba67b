using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Campaign.Tests.Faults;

/// <summary>Debian's HAProxy with the repository's own configuration (deploy/haproxy.cfg), in front of the given node ports.</summary>
public sealed class LoadBalancer : IAsyncDisposable
{
    private readonly Process process;
    private readonly Uri stats;
    public Uri Address { get; }
    public int Pid => process.Id;

    private LoadBalancer(Process process, Uri address, Uri stats) => (this.process, Address, this.stats) = (process, address, stats);

    /// <summary>HAProxy's own counts for the nodes: requests it sent to a node again, and those it sent to another node.</summary>
    public async Task<(long Retried, long Redispatched)> Resent()
    {
        using var client = new HttpClient();
        var csv = (await client.GetStringAsync(stats)).Split('\n');
        var columns = csv[0].TrimStart('#', ' ').Split(',').ToList();
        var backend = csv.Select(line => line.Split(',')).First(row => row is ["nodes", "BACKEND", ..]);
        return (long.Parse(backend[columns.IndexOf("wretr")]), long.Parse(backend[columns.IndexOf("wredis")]));
    }

    public static async Task<LoadBalancer> Start(IEnumerable<int> nodePorts, string folder)
    {
        const string haproxy = "/usr/sbin/haproxy";
        if (!File.Exists(haproxy)) throw new InvalidOperationException("The fault tests need Debian's haproxy (deploy/test.sh installs it).");
        var servers = Path.Combine(folder, "servers.cfg");
        var (port, statsPort) = (FreePort(), FreePort());
        await File.WriteAllLinesAsync(servers, [
            "backend nodes", .. nodePorts.Select(node => $"    server node{node} 127.0.0.1:{node}"),
            "frontend stats", $"    bind 127.0.0.1:{statsPort}", "    stats enable", "    stats uri /stats",
        ]);
        var start = new ProcessStartInfo(haproxy, ["-db", "-f", Path.Combine(Root, "deploy", "haproxy.cfg"), "-f", servers])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["CAMPAIGN_LB_BIND"] = $"127.0.0.1:{port}";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var balancer = new LoadBalancer(process, new Uri($"http://127.0.0.1:{port}"), new Uri($"http://127.0.0.1:{statsPort}/stats;csv"));
        await Tests.Support.Eventually.Holds(() => process.HasExited || Listening(port), TimeSpan.FromSeconds(30), "HAProxy listening");
        if (process.HasExited) throw new InvalidOperationException($"HAProxy ended at start ({process.ExitCode}).");
        return balancer;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) process.Kill();
        await process.WaitForExitAsync();
    }

    public static string Root
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (!File.Exists(Path.Combine(directory!.FullName, "Campaign.sln"))) directory = directory.Parent;
            return directory.FullName;
        }
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
