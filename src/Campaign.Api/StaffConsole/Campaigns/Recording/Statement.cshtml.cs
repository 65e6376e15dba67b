using System.ComponentModel.DataAnnotations;
using Campaign.Access;
using Campaign.Campaigns.IssuingStatements;
using Campaign.Infrastructure.Writing;
using Campaign.StaffConsole.Forms;
using Campaign.StaffConsole.SignIn;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace Campaign.StaffConsole.Campaigns.Recording;

[ConsoleAuthorize(Policies.Write)]
public sealed class StatementModel(Commands commands, Meanwhile meanwhile, IQuerySession session)
    : CampaignForm<StatementInput>(commands, meanwhile, session)
{
    protected override (Guid Id, string? About)? Stream => (CampaignId, null);

    protected override async Task<IActionResult> Record(CancellationToken ct)
    {
        var written = await Send<WriteResult>(Input.ToCommand() with { CampaignId = CampaignId }, ct);
        return Recorded("The statement is recorded.", $"/campaigns/{CampaignId}", written.Sequence);
    }
}

/// <summary>An <see cref="IssueStatement"/> as the form asks it.</summary>
public sealed class StatementInput
{
    [Display(Name = "Day of the statement")] public DateOnly? OccurredOn { get; set; }
    [Display(Name = "Organisation")] public string? Organisation { get; set; }
    [Display(Name = "Speaker")] public string? Speaker { get; set; }
    [Display(Name = "Speaker's role")] public string? SpeakerRole { get; set; }
    [Display(Name = "Quote")] public string? Quote { get; set; }
    [Display(Name = "Summary")] public string? Summary { get; set; }
    public SourceInput Source { get; set; } = new();

    public IssueStatement ToCommand() => new(OccurredOn ?? default, Organisation ?? "", Speaker, SpeakerRole, Quote, Summary, Source.ToSource());
}
