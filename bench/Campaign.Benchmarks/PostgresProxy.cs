using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Campaign.Benchmarks;

/// <summary>What clients sent PostgreSQL through the proxy, counted since it started.</summary>
public readonly record struct WireCounts(long RoundTrips, long Parsed, long Resets, long Connections, long Unreadable)
{
    public static WireCounts operator -(WireCounts a, WireCounts b) =>
        new(a.RoundTrips - b.RoundTrips, a.Parsed - b.Parsed, a.Resets - b.Resets, a.Connections - b.Connections, a.Unreadable - b.Unreadable);
}

/// <summary>
/// A loopback TCP proxy in front of PostgreSQL that reads the frontend protocol its clients send and counts, from
/// outside their processes: round trips (every Sync, and every simple Query except those Npgsql prepends to the next
/// command — BEGIN and its connection reset — which travel with it), statements the server parses (one per Parse
/// message, as a prepared statement is not parsed again, and those of every simple Query), connection resets
/// (DISCARD ALL, or Npgsql's reset that keeps prepared statements), and connections opened. Encryption is turned off on the way in, so that the messages can be read.
/// </summary>
public sealed class PostgresProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly (string Host, int Port) server;
    private long roundTrips, parsed, resets, connections, unreadable;
    private Task accepting = Task.CompletedTask;

    private PostgresProxy(string host, int port) => server = (host, port);

    /// <summary>When set, told each round trip's statements as they pass (<c>--trace-round-trips</c>), to see what they are.</summary>
    public Action<string>? Trace { get; set; }

    /// <summary>The connection string that leads through the proxy.</summary>
    public string ConnectionString { get; private set; } = "";

    public WireCounts Counts => new(Interlocked.Read(ref roundTrips), Interlocked.Read(ref parsed), Interlocked.Read(ref resets),
        Interlocked.Read(ref connections), Interlocked.Read(ref unreadable));

    public static PostgresProxy Start(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var proxy = new PostgresProxy(target.Host!, target.Port);
        proxy.listener.Start();
        proxy.ConnectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Host = "127.0.0.1", Port = ((IPEndPoint)proxy.listener.LocalEndpoint).Port,
            SslMode = SslMode.Disable, GssEncryptionMode = GssEncryptionMode.Disable,
        }.ConnectionString;
        proxy.accepting = proxy.Accept();
        return proxy;
    }

    private async Task Accept()
    {
        try
        {
            while (true) _ = Relay(await listener.AcceptTcpClientAsync(stop.Token));
        }
        catch (OperationCanceledException) { }
    }

    private async Task Relay(TcpClient client)
    {
        using var _ = client;
        using var upstream = new TcpClient { NoDelay = true };
        client.NoDelay = true;
        try
        {
            await upstream.ConnectAsync(server.Host, server.Port, stop.Token);
            var messages = new FrontendMessages(this);
            var up = Pump(client.GetStream(), upstream.GetStream(), messages);
            var down = Pump(upstream.GetStream(), client.GetStream(), null);
            await Task.WhenAny(up, down);
        }
        catch (Exception error) when (error is IOException or SocketException or OperationCanceledException or ObjectDisposedException) { }
        // Leaving closes both sockets, which ends the other direction.
    }

    private static async Task Pump(NetworkStream from, NetworkStream to, FrontendMessages? messages)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer)) > 0)
            {
                messages?.Read(buffer.AsSpan(0, read));
                await to.WriteAsync(buffer.AsMemory(0, read));
            }
        }
        catch (Exception error) when (error is IOException or SocketException or ObjectDisposedException) { }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await accepting;
    }

    /// <summary>Follows one client's messages across however its bytes are split into reads.</summary>
    private sealed class FrontendMessages(PostgresProxy counts)
    {
        private const int CancelRequest = 80877102, SslRequest = 80877103, GssEncRequest = 80877104;
        private readonly byte[] header = new byte[8];
        private readonly byte[] query = new byte[256]; // enough for Npgsql's own simple queries, and to recognise a statement
        private readonly List<string> traced = [];
        private readonly Dictionary<string, string> prepared = [];
        private readonly int connection = Random.Shared.Next(1000);
        private bool startingUp = true, lost;
        private int headerRead, queryRead;
        private byte type;
        private long bodyLeft;

        public void Read(ReadOnlySpan<byte> data)
        {
            while (!data.IsEmpty && !lost)
            {
                if (bodyLeft > 0)
                {
                    var take = (int)Math.Min(bodyLeft, data.Length);
                    if (type is (byte)'Q' or (byte)'P' or (byte)'B' && queryRead < query.Length)
                    {
                        var keep = Math.Min(take, query.Length - queryRead);
                        data[..keep].CopyTo(query.AsSpan(queryRead));
                        queryRead += keep;
                    }
                    bodyLeft -= take;
                    data = data[take..];
                    if (bodyLeft == 0) Ended();
                    continue;
                }

                // Before the session starts, messages have no type byte: length, then a request code.
                var size = startingUp ? 8 : 5;
                var part = Math.Min(size - headerRead, data.Length);
                data[..part].CopyTo(header.AsSpan(headerRead));
                headerRead += part;
                data = data[part..];
                if (headerRead < size) return;
                headerRead = 0;

                if (startingUp)
                {
                    type = 0;
                    bodyLeft = BinaryPrimitives.ReadInt32BigEndian(header) - 8;
                    var code = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
                    if (code is SslRequest or GssEncRequest)
                    {
                        lost = true; // what follows may be encrypted
                        Interlocked.Increment(ref counts.unreadable);
                        return;
                    }
                    if (code != CancelRequest)
                    {
                        startingUp = false;
                        Interlocked.Increment(ref counts.connections);
                    }
                }
                else
                {
                    type = header[0];
                    bodyLeft = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1)) - 4;
                    queryRead = 0;
                    if (type == (byte)'S')
                    {
                        Interlocked.Increment(ref counts.roundTrips);
                        Flush();
                    }
                    else if (type == (byte)'P') Interlocked.Increment(ref counts.parsed);
                }
                if (bodyLeft == 0) Ended();
            }
        }

        private void Ended()
        {
            if (type is (byte)'P' or (byte)'B') Traced();
            if (type != (byte)'Q') return;
            var sql = Encoding.ASCII.GetString(query, 0, queryRead).TrimEnd('\0');
            if (counts.Trace is not null) traced.Add(sql);
            Interlocked.Add(ref counts.parsed, Math.Max(1, sql.Split(';').Count(statement => !string.IsNullOrWhiteSpace(statement))));
            if (sql.StartsWith("DISCARD ALL", StringComparison.Ordinal) || sql.StartsWith("SET SESSION AUTHORIZATION DEFAULT", StringComparison.Ordinal))
                Interlocked.Increment(ref counts.resets);
            else if (!sql.StartsWith("BEGIN", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref counts.roundTrips);
                Flush();
            }
        }

        /// <summary>A statement parsed (its name, then its text) or bound (the portal, then the statement's name).</summary>
        private void Traced()
        {
            if (counts.Trace is null && (type == (byte)'B' || query[0] == 0)) return; // the names of prepared statements are always kept
            var parts = Encoding.UTF8.GetString(query, 0, queryRead).Split('\0');
            if (type == (byte)'P')
            {
                if (parts[0].Length > 0 && parts.Length > 1) prepared[parts[0]] = parts[1];
                if (parts.Length > 1 && counts.Trace is not null) traced.Add("parse " + parts[1]);
            }
            else if (parts.Length > 1 && parts[1].Length > 0)
                traced.Add("bind " + (prepared.TryGetValue(parts[1], out var sql) ? sql : parts[1]));
        }

        private void Flush()
        {
            if (counts.Trace is not { } trace) return;
            trace($"[{connection:000}] " + string.Join("\n      ", traced.Select(t => t.ReplaceLineEndings(" ")[..Math.Min(t.Length, 160)])));
            traced.Clear();
        }
    }
}
