using System.Security.Cryptography;
using Campaign.Access;
using Campaign.Confidentiality;
using Campaign.Defendants;
using Campaign.Evidence.Attaching;
using Campaign.Infrastructure.ApiDocument;
using Campaign.Infrastructure.Writing;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Wolverine.Http;

namespace Campaign.Evidence.Downloading;

/// <summary>
/// Serves one evidence file, for the API and the staff console alike: only once all that is stored of it hashes to the
/// SHA-256 its event recorded, always as an attachment (never shown in the browser), with the type recorded.
/// </summary>
public sealed class EvidenceDownload(IQuerySession session, EvidenceStore store, PersonalData personalData, ILogger<EvidenceDownload> logger)
{
    /// <summary>Sealed values of a confidential file's event, opened with the defendant's key ("[erased]" once it is destroyed).</summary>
    private sealed record SealedFile([property: Confidential] string Name, [property: Confidential] string Key, Guid DataSubject) : IDataSubject;

    public async Task Serve(HttpContext context, Guid defendantId, Guid evidenceId)
    {
        var ct = context.RequestAborted;
        var e = await session.Events.LoadAsync(evidenceId, ct);
        if (e is not { Data: EvidenceAttached attached } || e.StreamId != defendantId
            || (attached.Confidential && !Disclosure.MaySee(context.User, Classification.Confidential)))
            throw new NotFound("evidence file", evidenceId);
        if ((await session.LoadAsync<Defendant>(defendantId, ct))?.Retracted.Contains(evidenceId) == true)
            throw new EvidenceGone($"The attachment {evidenceId} was retracted; the history keeps its event, but the file is no longer served.");

        var (name, key) = (attached.FileName, (byte[]?)null);
        if (attached.Confidential)
        {
            var opened = new SealedFile(attached.FileName, attached.ContentKey ?? Sealing.Erased, defendantId);
            await personalData.Open(opened, ct);
            if (opened.Key == Sealing.Erased)
                throw new EvidenceGone($"The defendant's confidential data was erased: the file {evidenceId} can no longer be read.");
            (name, key) = (opened.Name, Convert.FromBase64String(opened.Key));
        }

        var stored = await store.Hash(attached, key, ct);
        if (stored != attached.Sha256)
        {
            logger.LogError("Evidence {EvidenceId} of defendant {DefendantId} is damaged: stored SHA-256 {Stored}, recorded {Recorded}",
                evidenceId, defendantId, stored, attached.Sha256);
            throw new EvidenceDamaged(evidenceId);
        }

        var response = context.Response;
        response.ContentType = attached.MediaType;
        response.ContentLength = attached.Size;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(name);
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(attached.Sha256))}:";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox; frame-ancestors 'none'";

        // Read again as it is sent: a change between the two reads ends the answer short, which the client sees as failed.
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await foreach (var part in store.Read(attached, key, ct))
        {
            sha256.AppendData(part.Span);
            await response.Body.WriteAsync(part, ct);
        }
        if (Convert.ToHexStringLower(sha256.GetHashAndReset()) != attached.Sha256)
        {
            logger.LogError("Evidence {EvidenceId} changed while it was sent; the answer was cut short", evidenceId);
            context.Abort();
        }
    }
}

public static class DownloadEvidenceEndpoint
{
    /// <summary>
    /// The file attached as <c>evidenceId</c> (the event id of its attachment), as an attachment with its recorded media
    /// type, once its content is verified against the SHA-256 its event recorded (also sent as <c>Repr-Digest</c>).
    /// Partners get public files only. A retracted attachment, or a confidential file whose defendant's data was erased,
    /// is 410; content that does not match its hash is 502 and logged.
    /// </summary>
    [WolverineGet("/api/defendants/{id}/evidence/{evidenceId}", OperationId = "DownloadEvidence"), Authorize(Policy = Policies.Read)]
    [ProducesStream("application/octet-stream", "The file, as an attachment, with the media type recorded when it was attached.")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status410Gone, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status502BadGateway, "application/problem+json")]
    public static Task Get(Guid id, Guid evidenceId, HttpContext context, EvidenceDownload download) => download.Serve(context, id, evidenceId);
}
