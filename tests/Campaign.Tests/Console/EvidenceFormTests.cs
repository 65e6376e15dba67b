using System.Net;
using Campaign.Access;
using Campaign.Evidence;
using Campaign.Tests.Evidence;
using Campaign.Tests.Support;
using static Campaign.Tests.Console.FormPage;

namespace Campaign.Tests.Console;

/// <summary>Attaching a file from the defendant's page, downloading it, and retracting it.</summary>
[Collection(AppCollection.Name)]
public sealed class EvidenceFormTests(AppFixture app)
{
    [Fact]
    public async Task A_court_document_is_attached_to_the_escalation_from_the_defendant_page_downloaded_and_retracted()
    {
        var staff = await app.As(Role.Staff);
        var (_, defendant, escalation) = await staff.Escalated();
        var browser = await new ConsoleClient(app.Host).SignedIn(staff.Key!);
        Assert.Contains($"href=\"/defendants/{defendant}/evidence\"", await browser.Page($"/defendants/{defendant}"));

        var form = await browser.Open($"/defendants/{defendant}/evidence");
        Assert.Contains($"<option value=\"{escalation}\">22 January 2026: Charge escalated to Criminal Code Art. 174", form.Html);
        var refused = await browser.SendFile(form, "Input.File", "<script>alert(1)</script>"u8.ToArray(), "page.html", "text/html");
        ShowsError(await refused.Content.ReadAsStringAsync(), "Input_File", "A file of type 'text/html' is not taken as evidence: attach a document, a photo or a recording.");

        var ruling = EvidenceUploads.Pdf(EvidenceStore.PartSize + 1);
        var sent = await browser.SendFile(form, "Input.File", ruling, "C:\\scans\\ruling.pdf", "application/pdf", ("Input.AttachedTo", $"{escalation}"));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var page = await browser.Page(sent.Headers.Location!.OriginalString);
        Assert.Contains("The file is attached.", page);
        var file = Assert.Single((await staff.Defendant(defendant)).Evidence);
        Assert.Equal(("ruling.pdf", escalation, EvidenceUploads.Sha256(ruling)), (file.FileName, file.AttachedTo, file.Sha256));
        Assert.Contains($"href=\"/defendants/{defendant}/evidence/{file.EvidenceId}\" download>ruling.pdf</a>", page);
        Assert.Contains("About: Charge escalated to Criminal Code Art. 174", page);

        using var download = await browser.Get($"/defendants/{defendant}/evidence/{file.EvidenceId}");
        Assert.Equal(ruling, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("sandbox", download.Headers.GetValues("Content-Security-Policy").Single());

        var retraction = await browser.Open($"/defendants/{defendant}/retractions?event={file.EvidenceId}");
        Assert.Contains(file.Sha256, retraction.Html);
        page = await browser.SendAndFollow(retraction, ("Input.Reason", "Another defendant's ruling"));
        Assert.Contains("No files attached.", page);
        Assert.Equal(HttpStatusCode.Gone, (await browser.Get($"/defendants/{defendant}/evidence/{file.EvidenceId}")).StatusCode);
    }
}
