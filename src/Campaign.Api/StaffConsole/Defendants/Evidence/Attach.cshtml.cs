using System.ComponentModel.DataAnnotations;
using Campaign.Access;
using Campaign.Evidence;
using Campaign.Evidence.Attaching;
using Campaign.Infrastructure.Writing;
using Campaign.StaffConsole.Defendants.Recording;
using Campaign.StaffConsole.Forms;
using Campaign.StaffConsole.SignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Campaign.StaffConsole.Defendants.Evidence;

/// <summary>Attaches a file to the defendant or one of their developments: the API's <see cref="AttachEvidence"/>, from a form.</summary>
[ConsoleAuthorize(Policies.Write), EvidenceUpload]
public sealed class AttachModel(Commands commands, Meanwhile meanwhile, ConsoleViews views, EvidenceStore store, IOptions<EvidenceOptions> options)
    : DefendantForm<EvidenceInput>(commands, meanwhile, views)
{
    private StagedFile? staged;
    private string name = "", mediaType = "";

    protected override string Done => "The file is attached.";

    protected override Command Command() =>
        new AttachEvidence(name, mediaType, Input.Confidential, Input.AttachedTo) { DefendantId = DefendantId, File = staged! };

    /// <summary>The file is checked as the API checks its body (type, name, size), then staged and sent on the write path.</summary>
    protected override async Task<IActionResult> Record(CancellationToken ct)
    {
        if (Input.File is not { } file) return Refused("Choose the file to attach.");
        mediaType = file.ContentType.Split(';')[0].Trim().ToLowerInvariant();
        if (!options.Value.Allows(mediaType)) return Refused(new MediaTypeRefused(mediaType).Message);
        if (FileNames.Sanitise(file.FileName) is not { } clean) return Refused("This file has no usable name: rename it and choose it again.");
        name = clean;
        try
        {
            await using var content = file.OpenReadStream();
            staged = await store.Stage(content, Input.Confidential, ct);
        }
        catch (FileTooLarge tooLarge)
        {
            return Refused(tooLarge.Message);
        }
        try
        {
            return await base.Record(ct);
        }
        finally
        {
            await store.Discard(staged.Upload);
        }
    }

    private PageResult Refused(string message)
    {
        ModelState.AddFieldError(typeof(EvidenceInput), nameof(Input), "file", message);
        return Page();
    }

    /// <summary>"22 January 2026: Charge escalated to …", to pick the development a file bears on.</summary>
    public IEnumerable<(Guid EventId, string Text)> Developments =>
        Defendant.Timeline.OrderByDescending(t => t.OccurredOn).Select(t => (t.EventId, $"{Words.Day(t.OccurredOn)}: {Words.PlainKinds(t.Summary)}"));
}

public sealed class EvidenceInput
{
    [Display(Name = "File")] public IFormFile? File { get; set; }
    [Display(Name = "It is about")] public Guid? AttachedTo { get; set; }
    [Display(Name = "Confidential")] public bool Confidential { get; set; }
}
