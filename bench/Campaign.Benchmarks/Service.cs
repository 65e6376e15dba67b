using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Campaign.Benchmarks;

/// <summary>The service, run as its own process on 127.0.0.1 (its Release build), as it runs for real.</summary>
public sealed class Service : IAsyncDisposable
{
    private readonly Process process;
    public Uri Address { get; }
    public int ProcessId => process.Id;

    private Service(Process process, Uri address) => (this.process, Address) = (process, address);

    /// <param name="settings">Configuration beyond the benchmark's, as environment variables.</param>
    public static async Task<Service> Start(string connectionString, Dictionary<string, string>? settings = null)
    {
        var dll = Path.Combine(Repository.Root, "src", "Campaign.Api", "bin", "Release", "net10.0", "Campaign.Api.dll");
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["ConnectionStrings__Marten"] = connectionString;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Limits__RequestsPerMinute"] = "100000000";
        start.Environment["Limits__MaxRequestBodyBytes"] = "10000000";
        start.Environment["Webhooks__AllowPrivateAddresses"] = "true";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in settings ?? []) start.Environment[name] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var service = new Service(process, new Uri($"http://127.0.0.1:{port}"));
        using var client = new HttpClient { BaseAddress = service.Address };
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                if ((await client.GetAsync("/health")).IsSuccessStatusCode) return service;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>The most memory the service has held so far (VmHWM), in MiB.</summary>
    public double PeakMemoryMiB()
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:"));
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
    }

    public async ValueTask DisposeAsync()
    {
        if (process.HasExited) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory!.FullName, "Campaign.sln"))) directory = directory.Parent;
        return directory.FullName;
    }
}
