using System.Net;
using System.Text.Json;
using Campaign.Access;
using Campaign.Evidence;
using Campaign.Infrastructure;
using Campaign.Retracting;
using Campaign.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Evidence;

[Collection(AppCollection.Name)]
public sealed class EvidenceTests(AppFixture app)
{
    private readonly Api api = app.Api;

    private async Task<long> Scalar(string sql, params object[] parameters)
    {
        await using var session = app.Store.QuerySession();
        return (await session.AdvancedSql.QueryAsync<long>(sql, CancellationToken.None, parameters)).Single();
    }

    private Task<long> PartsStoredAt(string address) =>
        Scalar($"select count(*) from {EvidenceStore.ContentTable} where address = ?", address);

    [Fact]
    public async Task A_court_document_attached_to_the_escalation_downloads_as_an_attachment_with_its_verified_hash()
    {
        var (_, defendant, escalation) = await api.Escalated();
        var ruling = EvidenceUploads.Pdf(EvidenceStore.PartSize * 2 + 1000); // three parts

        var written = await api.Attach(defendant, ruling, $"fileName=ruling%20of%2022%20January.pdf&attachedTo={escalation}");

        Assert.Equal((EvidenceUploads.Sha256(ruling), ruling.LongLength), (written.Sha256, written.Size));
        var listed = Assert.Single((await api.Defendant(defendant)).Evidence);
        Assert.Equal((written.EvidenceId, escalation, "ruling of 22 January.pdf", "application/pdf", written.Sha256, false),
            (listed.EvidenceId, listed.AttachedTo, listed.FileName, listed.MediaType, listed.Sha256, listed.Confidential));

        using var download = await api.Download(defendant, written.EvidenceId);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(ruling, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("ruling of 22 January.pdf", download.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("sandbox", download.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal($"sha-256=:{Convert.ToBase64String(Convert.FromHexString(written.Sha256))}:", download.Headers.GetValues("Repr-Digest").Single());
        Assert.Equal(3, await PartsStoredAt(written.Sha256));
    }

    [Fact]
    public async Task The_same_bytes_are_stored_once_however_often_they_are_attached()
    {
        var (_, first, _) = await api.Escalated();
        var (_, second, _) = await api.Escalated();
        var photo = EvidenceUploads.Pdf(EvidenceStore.PartSize + 10);

        var one = await api.Attach(first, photo, "fileName=photo.png", "image/png");
        var two = await api.Attach(second, photo, "fileName=same.png", "image/png");

        Assert.Equal(one.Sha256, two.Sha256);
        Assert.NotEqual(one.EvidenceId, two.EvidenceId);
        Assert.Equal(2, await PartsStoredAt(one.Sha256));
        Assert.Equal(photo, await (await api.Download(second, two.EvidenceId)).Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_file_name_is_cleaned_of_folders_and_control_characters()
    {
        var (_, defendant, _) = await api.Escalated();
        var written = await api.Attach(defendant, EvidenceUploads.Pdf(100), $"fileName={Uri.EscapeDataString("../../etc/pass\u0007wd\u202e.pdf")}");

        Assert.Equal("passwd.pdf", (await api.Download(defendant, written.EvidenceId)).Content.Headers.ContentDisposition?.FileNameStar);
    }

    [Fact]
    public async Task Bad_uploads_are_refused_naming_what_is_wrong_and_keep_nothing()
    {
        var (_, defendant, escalation) = await api.Escalated();
        var (_, other, otherEscalation) = await api.Escalated();
        var staged = await Scalar($"select count(*) from {EvidenceStore.UploadsTable}");
        var pdf = EvidenceUploads.Pdf(1000);

        var refused = await (await api.Send(defendant, pdf, "fileName=x.html", "text/html")).Problem(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("text/html", refused.GetProperty("detail").GetString());
        await (await api.Send(defendant, pdf, "fileName=x.pdf", "")).Problem(HttpStatusCode.UnsupportedMediaType);
        Assert.True((await (await api.Send(defendant, pdf, "fileName=..")).Problem(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("fileName", out _));
        Assert.True((await (await api.Send(defendant, [], "fileName=empty.pdf")).Problem(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("file", out _));
        Assert.True((await (await api.Send(defendant, pdf, $"fileName=x.pdf&attachedTo={otherEscalation}")).Problem(HttpStatusCode.BadRequest))
            .GetProperty("errors").TryGetProperty("attachedTo", out _));
        await (await app.Admin.Send(Guid.NewGuid(), pdf, "fileName=x.pdf")).Problem(HttpStatusCode.NotFound);
        var partner = await app.As(Role.Partner);
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.Send(defendant, pdf, "fileName=x.pdf")).StatusCode);

        Assert.Empty((await api.Defendant(defendant)).Evidence);
        Assert.Equal(0, await PartsStoredAt(EvidenceUploads.Sha256(pdf)));
        Assert.Equal(staged, await Scalar($"select count(*) from {EvidenceStore.UploadsTable}"));
        _ = (escalation, other);
    }

    [Fact]
    public async Task A_retracted_attachment_leaves_the_view_and_is_no_longer_served_but_stays_in_the_history()
    {
        var (_, defendant, escalation) = await api.Escalated();
        var written = await api.Attach(defendant, EvidenceUploads.Pdf(500), $"fileName=wrong.pdf&attachedTo={escalation}");

        await api.Post($"/api/streams/{defendant}/retractions", new RetractDevelopment(written.EvidenceId, "Another defendant's ruling"));

        var view = await api.Defendant(defendant);
        Assert.Empty(view.Evidence);
        Assert.Contains(view.Retractions, r => r.RetractedEventId == written.EvidenceId && r.Development == "EvidenceAttached");
        await (await api.Download(defendant, written.EvidenceId)).Problem(HttpStatusCode.Gone);
        await using var session = app.Store.QuerySession();
        Assert.Contains(await session.Events.FetchStreamAsync(defendant), e => e.Id == written.EvidenceId);
        // A retracted development takes no new evidence.
        await api.Post($"/api/streams/{defendant}/retractions", new RetractDevelopment(escalation, "Recorded in error"));
        await (await api.Send(defendant, EvidenceUploads.Pdf(10), $"fileName=x.pdf&attachedTo={escalation}")).Problem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_confidential_file_is_stored_encrypted_hidden_from_partners_and_unreadable_once_erased()
    {
        var (_, defendant, _) = await api.Escalated();
        var statement = "Witness statement: I saw them taken at the border.\n"u8.ToArray();
        var written = await api.Attach(defendant, statement, "fileName=witness%20Aigerim.txt&confidential=true", "text/plain");

        Assert.Equal(statement, await (await api.Download(defendant, written.EvidenceId)).Content.ReadAsByteArrayAsync());
        Assert.Equal(0, await Scalar($"select count(*) from {EvidenceStore.ContentTable} where position('I saw them'::bytea in data) > 0"));
        Assert.Equal(0L, await app.EventsContaining("witness Aigerim"));

        var partner = await app.As(Role.Partner);
        await (await partner.Download(defendant, written.EvidenceId)).Problem(HttpStatusCode.NotFound);
        var shown = JsonDocument.Parse(await partner.Client().GetStringAsync($"/api/defendants/{defendant}")).RootElement.GetProperty("evidence")[0];
        Assert.Equal(["attachedTo", "confidential", "evidenceId", "recordedAt"], shown.EnumerateObject().Select(p => p.Name).Order());

        await app.Admin.Post($"/api/streams/{defendant}/erasure", new { reason = "The witness is at risk" }, 204);

        await (await api.Download(defendant, written.EvidenceId)).Problem(HttpStatusCode.Gone);
        Assert.Equal("[erased]", Assert.Single((await api.Defendant(defendant)).Evidence).FileName);
        Assert.Equal(0, await Scalar($"select count(*) from {EvidenceStore.ContentTable} where subject = ?", defendant));
        await (await api.Send(defendant, statement, "fileName=again.txt&confidential=true", "text/plain")).Problem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Partners_receive_the_attachment_in_the_feed_and_download_public_files()
    {
        var (campaign, defendant, escalation) = await api.Escalated();
        var ruling = EvidenceUploads.Pdf(2000);
        var written = await api.Attach(defendant, ruling, $"fileName=ruling.pdf&attachedTo={escalation}");
        await api.Attach(defendant, "secret"u8.ToArray(), "fileName=secret.txt&confidential=true", "text/plain");
        await app.ViewsCaughtUp();

        var partner = await app.As(Role.Partner);
        var feed = JsonDocument.Parse(await partner.Client().GetStringAsync($"/api/feed?campaign={campaign}&type=org.campaign.evidence-attached.v1")).RootElement;
        var events = feed.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(2, events.Count);
        var data = events[0].GetProperty("data");
        Assert.Equal((written.EvidenceId.ToString(), written.Sha256, "ruling.pdf", escalation.ToString()),
            (events[0].GetProperty("id").GetString(), data.GetProperty("sha256").GetString(), data.GetProperty("fileName").GetString(), data.GetProperty("attachedTo").GetString()));
        var sealedOne = events[1].GetProperty("data");
        Assert.True(sealedOne.GetProperty("confidential").GetBoolean());
        Assert.Equal(JsonValueKind.Null, sealedOne.GetProperty("sha256").ValueKind);
        Assert.Equal(JsonValueKind.Null, sealedOne.GetProperty("fileName").ValueKind);

        Assert.Equal(ruling, await (await partner.Download(defendant, written.EvidenceId)).Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Parts_of_an_upload_abandoned_a_day_ago_are_forgotten_by_the_housekeeping_and_a_fresh_one_kept()
    {
        var store = app.Host.Services.GetRequiredService<EvidenceStore>();
        var fresh = await store.Stage(new MemoryStream(EvidenceUploads.Pdf(100)), confidential: false, default);
        var abandoned = Guid.NewGuid();
        await using (var session = app.Store.LightweightSession())
        {
            session.QueueSqlCommand($"insert into {EvidenceStore.UploadsTable} (upload, part, data, staged_at) values (?, 0, '\\x00'::bytea, now() - interval '25 hours')", abandoned);
            await session.SaveChangesAsync();
        }

        await app.Host.Services.GetRequiredService<Housekeeping>().Sweep(default);

        var staged = $"select count(*) from {EvidenceStore.UploadsTable} where upload = ?";
        Assert.Equal((0, 1), (await Scalar(staged, abandoned), await Scalar(staged, fresh.Upload)));
        await store.Discard(fresh.Upload);
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_attaches_once()
    {
        var (_, defendant, _) = await api.Escalated();
        var file = EvidenceUploads.Pdf(3000);
        using var client = api.Client();
        async Task<string> Send()
        {
            using var content = new ByteArrayContent(file);
            content.Headers.ContentType = new("application/pdf");
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/defendants/{defendant}/evidence?fileName=a.pdf") { Content = content };
            request.Headers.Add("Idempotency-Key", "upload-1");
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        Assert.Equal(await Send(), await Send());
        Assert.Single((await api.Defendant(defendant)).Evidence);
    }
}
