using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Campaign.Defendants.EscalatingCharges;
using Campaign.Evidence.Attaching;
using Campaign.Tests.Support;

namespace Campaign.Tests.Evidence;

/// <summary>Files sent and fetched as a client of the API does: the body is the file itself.</summary>
public static class EvidenceUploads
{
    /// <summary>A PDF-looking file of that many bytes, random after its header, so that no two are alike.</summary>
    public static byte[] Pdf(int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }

    /// <summary>A campaign with one defendant, charged, whose charge was escalated to Art. 174; the escalation's event id.</summary>
    public static async Task<(Guid Campaign, Guid Defendant, Guid Escalation)> Escalated(this Api api)
    {
        var (campaign, defendant, charge) = await api.ChargedDefendant();
        await api.Post($"/api/defendants/{defendant}/charges/{charge}/escalations", new EscalateCharge(Cases.Jan22, Cases.Article174, "Diplomatic note", Cases.Report));
        return (campaign, defendant, (await api.Defendant(defendant)).Timeline.Single(t => t.Development == nameof(ChargeEscalated)).EventId);
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static async Task<HttpResponseMessage> Send(this Api api, Guid defendant, byte[] file, string query, string mediaType = "application/pdf",
        bool chunked = false)
    {
        using var client = api.Client();
        HttpContent content = chunked ? new StreamContent(new UnknownLength(file)) : new ByteArrayContent(file);
        if (mediaType.Length > 0) content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        return await client.PostAsync($"/api/defendants/{defendant}/evidence?{query}", content);
    }

    public static async Task<EvidenceWritten> Attach(this Api api, Guid defendant, byte[] file, string query = "fileName=ruling.pdf",
        string mediaType = "application/pdf")
    {
        using var response = await api.Send(defendant, file, query, mediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<EvidenceWritten>(text, api.Json)!;
    }

    public static async Task<HttpResponseMessage> Download(this Api api, Guid defendant, Guid evidence)
    {
        using var client = api.Client();
        return await client.GetAsync($"/api/defendants/{defendant}/evidence/{evidence}");
    }

    public static async Task<JsonElement> Problem(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.StatusCode}, not {status}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>A body sent without Content-Length (chunked), as a client streaming a file of unknown length does.</summary>
    private sealed class UnknownLength(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
