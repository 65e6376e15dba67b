using System.ComponentModel.DataAnnotations;
using Campaign.Access;
using Campaign.Campaigns.RecordingDevelopments;
using Campaign.Infrastructure.Writing;
using Campaign.StaffConsole.Defendants.Recording;
using Campaign.StaffConsole.Forms;
using Campaign.StaffConsole.SignIn;
using Marten;
using Microsoft.AspNetCore.Mvc;
using WriteModel = Campaign.Defendants.Defendant;

namespace Campaign.StaffConsole.Campaigns.Recording;

/// <summary>The developments that may befall several defendants at once.</summary>
public enum BulkKind { Detention, Charge, Escalation, Custody, Hearing }

/// <summary>
/// One development for many defendants of a campaign, all or none (<see cref="RecordDevelopment"/>). The form carries the
/// version of each defendant's stream it was opened on: one that moved since makes the whole write stale.
/// </summary>
[ConsoleAuthorize(Policies.Write)]
public sealed class DevelopmentsModel(Commands commands, Meanwhile meanwhile, IQuerySession session)
    : CampaignForm<BulkInput>(commands, meanwhile, session)
{
    [BindProperty(SupportsGet = true)] public BulkKind? Kind { get; set; }

    /// <summary>The campaign's defendants as decisions see them now: their streams' versions, custody and pending charges.</summary>
    public IReadOnlyList<WriteModel> Defendants { get; private set; } = [];

    /// <summary>The legal bases of pending charges, one of which an escalation replaces.</summary>
    public IReadOnlyList<string> PendingLegalBases =>
        Defendants.SelectMany(d => d.PendingCharges).Select(c => c.LegalBasis).Distinct().Order().ToList();

    protected override async Task<bool> Load(CancellationToken ct)
    {
        if (!await base.Load(ct)) return false;
        Version = null; // each defendant's stream has its own, in Input.Versions
        Defendants = (await Session.Query<WriteModel>().Where(d => d.CampaignId == CampaignId).ToListAsync(ct))
            .OrderBy(d => d.DisplayName, StringComparer.OrdinalIgnoreCase).ToList();
        return true;
    }

    protected override void Prefill() => Input.Versions = Defendants.ToDictionary(d => d.Id, d => d.Version);

    /// <summary>The version the form carries for a defendant: as opened, or now for one added since.</summary>
    public long VersionOf(WriteModel defendant) => Input.Versions.GetValueOrDefault(defendant.Id, defendant.Version);

    public static string Describe(BulkKind kind) => kind switch
    {
        BulkKind.Detention => "a detention",
        BulkKind.Charge => "a charge",
        BulkKind.Escalation => "an escalation of a charge",
        BulkKind.Custody => "a change of custody",
        _ => "a hearing",
    };

    public static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    protected override async Task<IActionResult> Record(CancellationToken ct)
    {
        var ids = Selected;
        var command = new RecordDevelopment(ids,
            Detention: Kind == BulkKind.Detention ? Input.Detention.ToCommand() : null,
            Charge: Kind == BulkKind.Charge ? Input.Charge.ToCommand() : null,
            Escalation: Kind == BulkKind.Escalation ? Input.Escalation.ToCommand() : null,
            ReplacesLegalBasis: Kind == BulkKind.Escalation ? Input.ReplacesLegalBasis : null,
            Custody: Kind == BulkKind.Custody ? Input.Custody.ToCommand() : null,
            Hearing: Kind == BulkKind.Hearing ? Input.Hearing.ToCommand() : null,
            ExpectedVersions: Input.Versions.Where(v => ids.Contains(v.Key)).ToDictionary())
        {
            CampaignId = CampaignId,
        };
        var written = await Send<BulkWriteResult>(command, ct);
        var count = written.Defendants.Count;
        return Recorded($"{Capitalised(Describe(Kind!.Value))} is recorded for {count} defendant{(count == 1 ? "" : "s")}.",
            $"/campaigns/{CampaignId}", written.Sequence);
    }

    /// <summary>What was recorded for each chosen defendant since the form was opened; the form then carries their versions now.</summary>
    protected override async Task ShowChanges(CancellationToken ct)
    {
        var changes = new List<Change>();
        foreach (var defendant in Defendants.Where(d => Selected.Contains(d.Id) && Input.Versions.ContainsKey(d.Id)))
        {
            var (since, now) = await Meanwhile.Since(defendant.Id, Input.Versions[defendant.Id], defendant.DisplayName, ct);
            changes.AddRange(since);
            Input.Versions[defendant.Id] = now;
        }
        Changes = changes.OrderBy(c => c.RecordedAt).ToList();
    }

    /// <summary>Everyone the form showed, or those ticked.</summary>
    private List<Guid> Selected => Input.Everyone ? [.. Input.Versions.Keys] : Input.DefendantIds;
}

/// <summary>A <see cref="RecordDevelopment"/> as the form asks it: the defendants, and the fields of the one development chosen.</summary>
public sealed class BulkInput
{
    /// <summary>All the defendants the form showed, rather than those ticked.</summary>
    public bool Everyone { get; set; }

    [Display(Name = "Defendants")] public List<Guid> DefendantIds { get; set; } = [];
    public Dictionary<Guid, long> Versions { get; set; } = [];
    public DetentionInput Detention { get; set; } = new();
    public ChargeInput Charge { get; set; } = new();
    public EscalationInput Escalation { get; set; } = new();
    [Display(Name = "The charge it replaces")] public string? ReplacesLegalBasis { get; set; }
    public CustodyInput Custody { get; set; } = new();
    public HearingInput Hearing { get; set; } = new();
}
