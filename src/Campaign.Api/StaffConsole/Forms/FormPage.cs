using Campaign.Infrastructure.Writing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Campaign.StaffConsole.Forms;

/// <summary>What a form leaves for the page it goes to once it has recorded (in TempData).</summary>
public static class Written
{
    /// <summary>A sentence saying what was recorded; the layout shows it.</summary>
    public const string Notice = "Notice";

    /// <summary>The sequence of the write, which a page reading a view built asynchronously waits for.</summary>
    public const string Sequence = "WrittenSequence";

    public static long? SequenceIn(ITempDataDictionary data) =>
        data[Sequence] is string text && long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var sequence) ? sequence : null;
}

/// <summary>What every form shows besides its fields: what it was opened on, and why it was not recorded.</summary>
public interface IForm
{
    /// <summary>The version of the stream the form was opened on, sent as the expected version; none for a new stream.</summary>
    long? ExpectedVersion { get; }

    /// <summary>Generated when the form is shown, so that submitting it twice records once.</summary>
    string? IdempotencyKey { get; }

    /// <summary>Why the case refused it (e.g. the charge is no longer pending), beside no particular field.</summary>
    string? Problem { get; }

    /// <summary>After a stale submission: what was recorded since the form was opened, for the person to review.</summary>
    IReadOnlyList<Change>? Changes { get; }
}

/// <summary>
/// A console form on the one write path: it builds its slice's command from <see cref="Input"/>, sends it with
/// <see cref="Commands"/> as the signed-in person, and shows what the write path answered beside the fields it names.
/// Validation and decisions stay in the slices. A form opened on a stale version re-shows the person's input with what
/// changed since, and carries the new version, so they review and send it again.
/// </summary>
public abstract class FormPage<TInput>(Commands commands, Meanwhile meanwhile) : PageModel, IForm where TInput : class, new()
{
    [BindProperty] public TInput Input { get; set; } = new();
    [BindProperty] public long? ExpectedVersion { get; set; }
    [BindProperty] public string? IdempotencyKey { get; set; }

    public string? Problem { get; protected set; }
    public IReadOnlyList<Change>? Changes { get; protected set; }

    /// <summary>The version of the stream now, as <see cref="Load"/> found it; null for a form that starts a stream.</summary>
    protected long? Version { get; set; }

    protected WriteOptions Options => new(IdempotencyKey, ExpectedVersion);

    /// <summary>Reads what the page shows; false when what it addresses does not exist.</summary>
    protected abstract Task<bool> Load(CancellationToken ct);

    /// <summary>Builds the command and sends it with <see cref="Send{T}"/>; the page to go to once it is recorded.</summary>
    protected abstract Task<IActionResult> Record(CancellationToken ct);

    /// <summary>Entries a form starts with, when it opens.</summary>
    protected virtual void Prefill()
    {
    }

    /// <summary>The stream the form writes to, and whom it is about, for the changes shown after a version conflict.</summary>
    protected virtual (Guid Id, string? About)? Stream => null;

    /// <summary>After a version conflict: what changed since <see cref="ExpectedVersion"/>, which then becomes the version now.</summary>
    protected virtual async Task ShowChanges(CancellationToken ct)
    {
        if (Stream is not { } stream) return;
        (Changes, var now) = await meanwhile.Since(stream.Id, ExpectedVersion ?? 0, stream.About, ct);
        ExpectedVersion = now;
    }

    protected Meanwhile Meanwhile => meanwhile;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await Load(ct)) return NotFound();
        (ExpectedVersion, IdempotencyKey) = (Version, NewKey());
        Prefill();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await Load(ct)) return NotFound();
        if (!ModelState.RefuseUnstorableText(Request.Form, nameof(Input)) || !ModelState.IsValid) return Page(); // only a value the browser should not send (a day that is no date)
        try
        {
            return await Record(ct);
        }
        catch (NotFound)
        {
            return NotFound();
        }
        catch (InvalidCommand invalid)
        {
            foreach (var (field, messages) in invalid.Errors)
            foreach (var message in messages) AddError(field, message);
        }
        catch (InvalidReference invalid)
        {
            AddError(invalid.Field, invalid.Message);
        }
        catch (StateConflict conflict)
        {
            Problem = conflict.Message;
        }
        catch (VersionConflict)
        {
            await ShowChanges(ct);
        }
        catch (IdempotencyKeyReused)
        {
            Problem = "This form was already sent once with other entries. Check the case's page: if what you meant is not there, send the form again.";
            IdempotencyKey = NewKey();
        }
        return Page();
    }

    protected Task<T> Send<T>(Command command, CancellationToken ct) => commands.Send<T>(command, User, Options, ct);

    /// <summary>Once recorded: a note for the next page, and the sequence a page reading an asynchronous view waits for.</summary>
    protected IActionResult Recorded(string notice, string url, long? sequence = null)
    {
        TempData[Written.Notice] = notice;
        if (sequence is { } written) TempData[Written.Sequence] = written.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return LocalRedirect(url);
    }

    private void AddError(string field, string message) => ModelState.AddFieldError(typeof(TInput), nameof(Input), field, message);

    private static string NewKey() => $"console:{Guid.NewGuid():N}";
}
