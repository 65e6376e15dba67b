using System.Text.Json;
using JasperFx;

namespace Campaign.Infrastructure.Telemetry;

/// <summary>
/// With <c>Logging:Format=json</c>, the service's run writes JSON lines only. JasperFx's command line writes plain text
/// to the console, not to a logger (the assemblies it searches for commands, and a failed start's exception), and the run
/// needs none of it: the service is run as JasperFx runs it when given ASP.NET Core's flags, and a failed start is
/// written as one JSON entry. Commands (<c>keys</c>, <c>db-apply</c>, <c>describe</c>, …) go through JasperFx as usual.
/// </summary>
public static class JsonLogConsole
{
    public static async Task<int> RunCommands(WebApplication app, string[] args)
    {
        var json = string.Equals(app.Configuration["Logging:Format"]?.Trim(), "json", StringComparison.OrdinalIgnoreCase);
        if (!json || args.Length > 0 && !args[0].StartsWith('-')) return await app.RunJasperFxCommands(args);
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (Exception e)
        {
            WriteEntry("Critical", $"The service failed to run: {e}");
            return 1;
        }
    }

    /// <summary>An entry as the JSON console logger writes one (the host and its loggers are gone by now).</summary>
    private static void WriteEntry(string level, string message)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var json = new Utf8JsonWriter(stdout))
        {
            json.WriteStartObject();
            json.WriteString("Timestamp", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"));
            json.WriteNumber("EventId", 0);
            json.WriteString("LogLevel", level);
            json.WriteString("Category", "Campaign");
            json.WriteString("Message", message);
            json.WriteEndObject();
        }
        stdout.Write("\n"u8);
    }
}
