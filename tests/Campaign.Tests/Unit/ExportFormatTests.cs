using Campaign.Auditing;
using Campaign.Auditing.Chain;
using Campaign.Auditing.Export;

namespace Campaign.Tests.Unit;

public sealed class ExportFormatTests
{
    private static RecordedEvent Event(string? headers, string data) => new(
        7, Guid.NewGuid(), Guid.NewGuid(), "defendant_view", 3, "detention_recorded", "Campaign.X, Campaign.Api", data,
        new DateTimeOffset(2026, 1, 22, 10, 11, 12, TimeSpan.Zero).AddTicks(1230), "correlation", null, "staff@ngo.test", headers);

    [Theory]
    [InlineData(null, """{"place": "Near the Kazakhstan–China border", "note": "<b>&'\"</b>", "n": 1.50}""")]
    [InlineData("""{"credential": "abc"}""", """{"quote": "aid China's repression \u2014 \\ / \n"}""")]
    public async Task An_event_read_back_from_an_export_hashes_as_it_did_in_the_store(string? headers, string data)
    {
        var original = Event(headers, data);
        var line = ExportFormat.EventLine(original, "hash");

        var (readBack, hash) = (await ExportFormat.Read(new StringReader(System.Text.Encoding.UTF8.GetString(line)))).Events.Single();

        Assert.Equal("hash", hash);
        Assert.Equal(original, readBack);
        Assert.Equal(EventChain.Next(EventChain.Genesis, original), EventChain.Next(EventChain.Genesis, readBack));
    }

    [Fact]
    public void The_chain_depends_on_every_field_and_on_the_previous_hash()
    {
        var e = Event(null, "{}");
        var hash = EventChain.Next(EventChain.Genesis, e);

        Assert.NotEqual(hash, EventChain.Next(new string('1', 64), e));
        Assert.NotEqual(hash, EventChain.Next(EventChain.Genesis, e with { Data = "{\"a\": 1}" }));
        Assert.NotEqual(hash, EventChain.Next(EventChain.Genesis, e with { UserName = "mallory" }));
        Assert.NotEqual(hash, EventChain.Next(EventChain.Genesis, e with { RecordedAt = e.RecordedAt.AddTicks(10) }));
        Assert.NotEqual(hash, EventChain.Next(EventChain.Genesis, e with { Position = 8 }));
        Assert.Equal(hash, EventChain.Next(EventChain.Genesis, e with { StreamType = "other", DotNetType = "moved" }));
    }
}
