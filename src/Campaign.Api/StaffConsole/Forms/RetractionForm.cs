using System.ComponentModel.DataAnnotations;
using Campaign.Auditing.History;
using Campaign.Developments;
using Campaign.Infrastructure.Writing;
using Campaign.Retracting;
using Microsoft.AspNetCore.Mvc;

namespace Campaign.StaffConsole.Forms;

/// <summary>
/// Takes back a fact recorded in error (<see cref="RetractDevelopment"/>), with the reason. The fact stays in the history,
/// struck through with the reason; views drop what it stated.
/// </summary>
public abstract class RetractionForm(Commands commands, Meanwhile meanwhile, ConsoleViews views) : FormPage<RetractionInput>(commands, meanwhile)
{
    [BindProperty(SupportsGet = true, Name = "event")] public Guid EventId { get; set; }

    /// <summary>The fact to take back, as recorded.</summary>
    public HistoryEntry Fact { get; private set; } = null!;

    /// <summary>The stream the fact belongs to, a defendant's or a campaign's.</summary>
    protected abstract Guid StreamId { get; }

    protected override (Guid Id, string? About)? Stream => (StreamId, null);

    protected override async Task<bool> Load(CancellationToken ct)
    {
        var history = await views.History(StreamId, null, ct);
        if (history.FirstOrDefault(e => e.EventId == EventId && e.Data is IDevelopment or Evidence.Attaching.EvidenceAttached) is not { } fact) return false;
        (Fact, Version) = (fact, history[^1].Version);
        return true;
    }

    protected Task<WriteResult> Retract(CancellationToken ct) =>
        Send<WriteResult>(new RetractDevelopment(EventId, Input.Reason ?? "") { StreamId = StreamId }, ct);

    public string What => Fact.Data switch
    {
        IDevelopment development => Words.PlainKinds(development.Describe()),
        Evidence.Attaching.EvidenceAttached file => $"The file attached on {Words.Instant(Fact.RecordedAt)} ({file.MediaType}, SHA-256 {file.Sha256})",
        _ => Words.Sentence(Fact.Type),
    };
}

public sealed class RetractionInput
{
    [Display(Name = "Why it was wrong")] public string? Reason { get; set; }
}
