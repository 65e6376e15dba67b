using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Campaign.Campaigns.IssuingStatements;
using Campaign.Tests.Support;

namespace Campaign.Tests.Faults;

/// <summary>
/// Eight clients writing statements at once through the load balancer, each to a campaign of its own, as a client must:
/// every write carries an Idempotency-Key, and a write that failed (no answer, a 5xx) is sent again with the same key
/// until it is acknowledged. Each statement's organisation is its key, to find its event in the store.
/// </summary>
public sealed class Writers
{
    public const int Count = 8;

    public sealed record Acknowledgement(string Key, Guid Campaign, long Sequence, DateTime At);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly HttpClient client;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> writing = [];
    private int retries;

    public ConcurrentQueue<Acknowledgement> Acknowledged { get; } = new();
    /// <summary>Answers no retry may mend (a 4xx, or a 500), which the service must never give to these writes.</summary>
    public ConcurrentQueue<string> Refused { get; } = new();
    /// <summary>Writes still unacknowledged when their writer gave up on them (after <see cref="GiveUpAfter"/>).</summary>
    public ConcurrentQueue<string> GaveUp { get; } = new();
    public int Retries => retries;
    public string Run { get; }
    public IReadOnlyList<Guid> Campaigns { get; }

    /// <summary>What the keys of writer <paramref name="writer"/> (who writes to <c>Campaigns[writer]</c>) begin with.</summary>
    public string KeyPrefix(int writer) => $"{Run}-w{writer}-";

    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(3);

    private Writers(HttpClient client, IReadOnlyList<Guid> campaigns, string run) => (this.client, Campaigns, Run) = (client, campaigns, run);

    public static Writers Start(HttpClient client, IReadOnlyList<Guid> campaigns, string run)
    {
        var writers = new Writers(client, campaigns, run);
        for (var w = 0; w < Count; w++)
        {
            var (writer, campaign) = (w, campaigns[w]);
            writers.writing.Add(Task.Run(() => writers.Write(writer, campaign)));
        }
        return writers;
    }

    /// <summary>Waits until <paramref name="count"/> more writes are acknowledged after <paramref name="after"/>; the first of them.</summary>
    public async Task<Acknowledgement> AcknowledgedAfter(DateTime after, int count = 1, int withinSeconds = 180)
    {
        await Eventually.Holds(() => Acknowledged.Count(a => a.At > after) >= count, TimeSpan.FromSeconds(withinSeconds),
            $"{count} writes acknowledged after {after:HH:mm:ss.fff}");
        return Acknowledged.Where(a => a.At > after).MinBy(a => a.At)!;
    }

    /// <summary>A statement whose organisation is its <paramref name="key"/>, sent with that Idempotency-Key.</summary>
    public static HttpRequestMessage Statement(Guid campaign, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/campaigns/{campaign}/statements")
        {
            Content = JsonContent.Create(new IssueStatement(Cases.Jan22, key, null, null, "Free them.", null, Cases.Report), options: Json),
        };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    /// <summary>Lets each writer finish the write it is on (retrying it as long as it must), and stops them.</summary>
    public async Task Stop()
    {
        await stopping.CancelAsync();
        await Task.WhenAll(writing);
    }

    private async Task Write(int writer, Guid campaign)
    {
        for (var n = 0; !stopping.IsCancellationRequested; n++)
        {
            var key = KeyPrefix(writer) + n;
            var giveUpAt = DateTime.UtcNow + GiveUpAfter;
            while (true)
            {
                var (sequence, retryAfter) = await Send(campaign, key);
                if (sequence is { } acknowledged)
                {
                    Acknowledged.Enqueue(new(key, campaign, acknowledged, DateTime.UtcNow));
                    break;
                }
                if (retryAfter is null) break; // refused
                if (DateTime.UtcNow > giveUpAt)
                {
                    GaveUp.Enqueue(key);
                    break;
                }
                Interlocked.Increment(ref retries);
                await Task.Delay(retryAfter.Value);
            }
        }
    }

    /// <returns>The write's sequence once acknowledged; otherwise how long to wait before sending it again (null: never).</returns>
    private async Task<(long? Sequence, TimeSpan? RetryAfter)> Send(Guid campaign, string key)
    {
        var pause = TimeSpan.FromMilliseconds(250);
        try
        {
            using var request = Statement(campaign, key);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            using var response = await client.SendAsync(request, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                return (answer.RootElement.GetProperty("sequence").GetInt64(), null);
            }
            if (response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
            {
                var told = response.Headers.RetryAfter?.Delta;
                return (null, told is { } delay ? TimeSpan.FromTicks(Math.Min(delay.Ticks, TimeSpan.FromSeconds(2).Ticks)) : pause);
            }
            Refused.Enqueue($"{key}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return (null, null);
        }
        catch (Exception error) when (error is HttpRequestException or OperationCanceledException or IOException)
        {
            return (null, pause); // no answer: the node or the connection died
        }
    }
}
