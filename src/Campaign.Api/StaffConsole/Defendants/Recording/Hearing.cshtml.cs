using System.ComponentModel.DataAnnotations;
using Campaign.Access;
using Campaign.Campaigns;
using Campaign.Defendants.SchedulingHearings;
using Campaign.Infrastructure.Writing;
using Campaign.StaffConsole.Forms;
using Campaign.StaffConsole.SignIn;
using Microsoft.AspNetCore.Mvc;

namespace Campaign.StaffConsole.Defendants.Recording;

/// <summary>
/// A new hearing for the defendant, or their summons to a hearing already scheduled for others of the campaign (defendants
/// tried together share it), picked from the campaign's hearings; the picked hearing keeps its own day, court and purpose.
/// </summary>
[ConsoleAuthorize(Policies.Write)]
public sealed class HearingModel(Commands commands, Meanwhile meanwhile, ConsoleViews views)
    : DefendantForm<HearingInput>(commands, meanwhile, views)
{
    private static readonly string[] Details = ["scheduledFor", "court", "city", "purpose"];

    /// <summary>The campaign's hearings the defendant is not yet summoned to, soonest first.</summary>
    public IReadOnlyList<CampaignHearing> OthersHearings { get; private set; } = [];

    protected override string Done => Input.HearingId is null ? "The hearing is recorded." : "The summons to the hearing is recorded.";

    protected override async Task<bool> Load(CancellationToken ct)
    {
        if (!await base.Load(ct)) return false;
        var campaign = await Views.Campaign(Defendant.CampaignId, null, User, ct);
        OthersHearings = campaign?.Hearings.Where(h => !h.DefendantIds.Contains(DefendantId))
            .OrderBy(h => h.ScheduledFor ?? DateOnly.MaxValue).ToList() ?? [];
        return true;
    }

    protected override Command Command()
    {
        var command = Input.ToCommand() with { DefendantId = DefendantId };
        if (Input.HearingId is not { } id) return command;
        var hearing = OthersHearings.FirstOrDefault(h => h.HearingId == id)
            ?? throw new InvalidReference("hearingId", "Pick one of the hearings listed, or a new hearing.");
        return command with { HearingId = id, ScheduledFor = hearing.ScheduledFor, Court = hearing.Court, City = hearing.City, Purpose = hearing.Purpose };
    }

    /// <summary>A hearing picked brings its own details: what is wrong with them (e.g. it was held before this day) is said of the choice.</summary>
    protected override async Task<IActionResult> Record(CancellationToken ct)
    {
        try
        {
            return await base.Record(ct);
        }
        catch (InvalidCommand invalid) when (Input.HearingId is not null)
        {
            throw new InvalidCommand(invalid.Errors
                .GroupBy(e => Details.Contains(e.Key) ? "hearingId" : e.Key)
                .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).ToArray()));
        }
    }

    /// <summary>"Opening of the trial, 10 February 2026, Almaty City Court, Almaty (19 defendants summoned)".</summary>
    public static string Describe(CampaignHearing h) =>
        $"{h.Purpose}, {Words.Day(h.ScheduledFor, "date not announced")}, {(h.Court is { Length: > 0 } court ? $"{court}, " : "")}{h.City} " +
        $"({h.DefendantIds.Count} defendant{(h.DefendantIds.Count == 1 ? "" : "s")} summoned)";
}

/// <summary>A <see cref="ScheduleHearing"/> as the form asks it (also one of the developments of the bulk form, where it is one hearing for all).</summary>
public sealed class HearingInput
{
    [Display(Name = "Which hearing")] public Guid? HearingId { get; set; }
    [Display(Name = "Day it was announced")] public DateOnly? OccurredOn { get; set; }
    [Display(Name = "Day of the hearing")] public DateOnly? ScheduledFor { get; set; }
    [Display(Name = "What the hearing is for")] public string? Purpose { get; set; }
    [Display(Name = "Court")] public string? Court { get; set; }
    [Display(Name = "City")] public string? City { get; set; }
    public SourceInput Source { get; set; } = new();

    public ScheduleHearing ToCommand() => new(OccurredOn ?? default, ScheduledFor, Court, City ?? "", Purpose ?? "", Source.ToSource());
}
