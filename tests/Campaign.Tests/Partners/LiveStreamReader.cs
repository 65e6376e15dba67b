using System.Collections.Concurrent;

namespace Campaign.Tests.Partners;

/// <summary>
/// A live stream as a partner reads it, in the background: the ids of the events in arrival order, the heartbeats,
/// and whether the server ended it. Disposing it closes the connection, as a partner going away would.
/// </summary>
public sealed class LiveStreamReader : IAsyncDisposable
{
    private readonly HttpClient client;
    private readonly CancellationTokenSource closing = new(TimeSpan.FromSeconds(60));
    private readonly ConcurrentQueue<long> ids = new();
    private readonly ConcurrentQueue<string> comments = new();
    private int heartbeats;
    private volatile bool connected;

    private LiveStreamReader(HttpClient client, HttpResponseMessage response) => (this.client, Response) = (client, response);

    public HttpResponseMessage Response { get; }
    public bool Connected => connected;
    public int Heartbeats => heartbeats;
    public IReadOnlyList<long> Ids => [.. ids];

    /// <summary>The comment lines other than the first and the heartbeats, e.g. why the server ended the stream.</summary>
    public IReadOnlyList<string> Comments => [.. comments];

    /// <summary>Completes when the server ends the stream (the end of the body, not an error).</summary>
    public Task Ended { get; private set; } = Task.CompletedTask;

    public static async Task<LiveStreamReader> Open(HttpClient client, string query = "", string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/feed/live?{query}");
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var reader = new LiveStreamReader(client, response);
        if (response.IsSuccessStatusCode) reader.Ended = reader.Read();
        return reader;
    }

    private async Task Read()
    {
        using var lines = new StreamReader(await Response.Content.ReadAsStreamAsync(closing.Token));
        while (await lines.ReadLineAsync(closing.Token) is { } line)
        {
            if (line == ": connected") connected = true;
            else if (line == ": heartbeat") Interlocked.Increment(ref heartbeats);
            else if (line.StartsWith("id: ")) ids.Enqueue(long.Parse(line[4..]));
            else if (line.StartsWith(':')) comments.Enqueue(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await closing.CancelAsync();
        try { await Ended; }
        catch (OperationCanceledException) { }
        catch (IOException) { }
        Response.Dispose();
        client.Dispose();
        closing.Dispose();
    }
}
