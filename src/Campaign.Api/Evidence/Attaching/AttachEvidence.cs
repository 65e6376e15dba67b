using System.Text.Json.Serialization;
using Campaign.Access;
using Campaign.Confidentiality;
using Campaign.Defendants;
using Campaign.Infrastructure.ApiDocument;
using Campaign.Infrastructure.Writing;
using Campaign.Partners.Contracts;
using FluentValidation;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Wolverine.Http;
using Wolverine.Marten;

namespace Campaign.Evidence.Attaching;

/// <summary>
/// A file (a court document, a photo, a PDF of a statement) attached to a defendant or to one of their developments. It
/// records the file's SHA-256, so that the audit chain covers the evidence. A confidential file's name, and the key its
/// content is encrypted with, are sealed with the defendant's key: erasing their data leaves the file unreadable.
/// </summary>
[PublicEvent("evidence-attached.v1")]
public sealed record EvidenceAttached(
    [property: Public] Guid DefendantId,
    [property: Public] Guid CampaignId,
    [property: Public] Guid? AttachedTo,
    [property: Internal] Guid FileId,
    [property: InternalWhen(nameof(EvidenceAttached.Confidential))] string Sha256,
    [property: InternalWhen(nameof(EvidenceAttached.Confidential))] long Size,
    [property: InternalWhen(nameof(EvidenceAttached.Confidential))] string MediaType,
    [property: ConfidentialWhen(nameof(EvidenceAttached.Confidential))] string FileName,
    [property: Public] bool Confidential,
    [property: Confidential] string? ContentKey)
    : IDefendantEvent, IPublicEvent
{
    /// <summary>A confidential file is announced by its existence only, as a confidential source is by its kind.</summary>
    public PublicContract ToContract() => new(PublicContract.Defendant(DefendantId), Confidential
        ? new EvidenceAttachedV1(DefendantId, CampaignId, AttachedTo, true, null, null, null, null)
        : new EvidenceAttachedV1(DefendantId, CampaignId, AttachedTo, false, Sha256, Size, MediaType, FileName));
}

/// <summary>
/// Version 1 of what partners receive of it; change it only by adding a v2 beside it. A public file downloads from
/// <c>/api/defendants/{defendantId}/evidence/{id}</c>, <c>id</c> being the CloudEvent's.
/// </summary>
public sealed record EvidenceAttachedV1(
    Guid DefendantId, Guid CampaignId, Guid? AttachedTo, bool Confidential, string? Sha256, long? Size, string? MediaType, string? FileName);

/// <param name="AttachedTo">The development (its event id, as the timeline gives it) the file bears on; none for the defendant as a whole.</param>
public sealed record AttachEvidence(string FileName, string MediaType, bool Confidential = false, Guid? AttachedTo = null, long? ExpectedVersion = null)
    : Command, IVersionedCommand
{
    [JsonIgnore] public Guid DefendantId { get; init; }

    /// <summary>The file as <see cref="EvidenceStore.Stage"/> received it.</summary>
    [JsonIgnore] public StagedFile File { get; init; } = null!;

    public sealed class Validator : AbstractValidator<AttachEvidence>
    {
        public Validator(IOptions<EvidenceOptions> options)
        {
            RuleFor(c => c.FileName).NotEmpty().MaximumLength(FileNames.MaxLength)
                .Must(name => FileNames.Sanitise(name) == name).WithMessage("'{PropertyName}' must be a plain file name, without folders or control characters.");
            RuleFor(c => c.MediaType).NotEmpty().Must(options.Value.Allows).WithMessage("'{PropertyName}' is not a type of file taken as evidence.");
            RuleFor(c => c.File).NotNull();
            RuleFor(c => c.File.Size).GreaterThan(0).When(c => c.File is not null).OverridePropertyName("file").WithMessage("The file is empty.");
        }
    }
}

/// <summary>The development a file is attached to, read in the write's session.</summary>
public sealed record AttachmentTarget(IEvent? Development);

public static class AttachEvidenceHandler
{
    public static async Task<AttachmentTarget> LoadAsync(AttachEvidence command, IDocumentSession session, CancellationToken ct) =>
        new(command.AttachedTo is { } id ? await session.Events.LoadAsync(id, ct) : null);

    public static Events Handle(AttachEvidence command, AttachmentTarget target, [WriteModel] Defendant defendant, IDocumentSession session)
    {
        if (command.AttachedTo is { } id)
        {
            if (target.Development is not { Data: IDefendantDevelopment } development || development.StreamId != defendant.Id)
                throw new InvalidReference("attachedTo", $"The defendant has no development {id}.");
            if (defendant.Retracted.Contains(id)) throw new StateConflict($"Development {id} was retracted.");
        }
        var file = command.File;
        var attached = new EvidenceAttached(defendant.Id, defendant.CampaignId, command.AttachedTo, file.Upload, file.Sha256, file.Size,
            command.MediaType, command.FileName, command.Confidential, file.ContentKey is { } key ? Convert.ToBase64String(key) : null);
        EvidenceStore.Keep(session, file, attached);
        return [attached];
    }
}

/// <summary>The answer to an attachment: the write, and where the file downloads from.</summary>
public sealed record EvidenceWritten(
    [property: Public] Guid Id, [property: Public] long Version, [property: Public] long Sequence,
    [property: Public] Guid EvidenceId, [property: Public] string Sha256, [property: Public] long Size);

public static class AttachEvidenceEndpoint
{
    /// <summary>
    /// Attaches the request's body, a file, to the defendant or (<c>attachedTo</c>) to one of their developments. The body is
    /// the file itself, streamed to storage, with its media type as Content-Type (415 for a type not taken) and at most
    /// <c>Evidence:MaxFileBytes</c> long (413). The file downloads from the answer's Location.
    /// </summary>
    /// <param name="fileName">The file's name; folders and characters file systems refuse are taken out.</param>
    /// <param name="confidential">Encrypt it with the defendant's key, and show partners only that it exists.</param>
    /// <param name="attachedTo">The event id of the development it bears on (the escalation, say).</param>
    [WolverinePost("/api/defendants/{id}/evidence", OperationId = "AttachEvidence"), Authorize(Policy = Policies.Write), EvidenceUpload]
    [ProducesResponseType<EvidenceWritten>(StatusCodes.Status201Created)]
    [ConsumesFile("The file itself, with its media type as Content-Type (e.g. application/pdf).", "Evidence:MaxFileBytes", "Evidence:MediaTypes")]
    [HeaderParameter("If-Match", "The defendant's stream version this attachment was decided on, e.g. \"3\": answered 409 if the stream has moved on.")]
    public static async Task<Created<EvidenceWritten>> Post(Guid id, string? fileName, bool? confidential, Guid? attachedTo, HttpRequest request,
        EvidenceStore store, IOptions<EvidenceOptions> options, HttpCommands commands, IQuerySession session)
    {
        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var type) ? type.MediaType.Value : null;
        if (mediaType is null || !options.Value.Allows(mediaType)) throw new MediaTypeRefused(mediaType);
        var name = FileNames.Sanitise(fileName) ?? throw new InvalidReference("fileName", "'fileName' must name the file.");

        var file = await store.Stage(request.Body, confidential == true, request.HttpContext.RequestAborted);
        try
        {
            var command = new AttachEvidence(name, mediaType.ToLowerInvariant(), confidential == true, attachedTo) { DefendantId = id, File = file };
            var written = await commands.Send(command);
            var evidence = (await session.Events.FetchStreamAsync(id, written.Version, fromVersion: written.Version))[0];
            return TypedResults.Created($"/api/defendants/{id}/evidence/{evidence.Id}",
                new EvidenceWritten(written.Id, written.Version, written.Sequence, evidence.Id, file.Sha256, file.Size));
        }
        finally
        {
            await store.Discard(file.Upload); // a file its write kept is no longer staged
        }
    }
}
