using System.Text.Json.Serialization;
using Campaign.Access;
using Campaign.Confidentiality;
using Campaign.Developments;
using Campaign.Infrastructure.Writing;
using Campaign.Partners.Contracts;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;
using Wolverine.Marten;

namespace Campaign.Campaigns.IssuingStatements;

/// <summary>A public statement on the case, e.g. by Amnesty International, quoted and attributed to its speaker.</summary>
[PublicEvent("statement-issued.v1")]
public sealed record StatementIssued(
    [property: Public] Guid CampaignId,
    [property: Public] Guid StatementId,
    [property: Public] string Organisation,
    [property: Public] string? Speaker,
    [property: Public] string? SpeakerRole,
    [property: Public] string? Quote,
    [property: Public] string? Summary,
    [property: Public] DateOnly OccurredOn,
    [property: Public] Source Source)
    : IDevelopment, IPublicEvent
{
    public string Describe() => $"Statement by {Organisation}" + (Speaker is null ? "" : $" ({Speaker})");

    public PublicContract ToContract() => new(PublicContract.Campaign(CampaignId), new StatementIssuedV1(CampaignId, StatementId, Organisation, Speaker,
        SpeakerRole, Quote, Summary, OccurredOn, PublicSource.From(Source)), OccurredOn);
}

/// <summary>Version 1 of what partners receive of it; change it only by adding a v2 beside it.</summary>
public sealed record StatementIssuedV1(
    Guid CampaignId, Guid StatementId, string Organisation, string? Speaker, string? SpeakerRole, string? Quote, string? Summary,
    DateOnly OccurredOn, PublicSource Source);

/// <param name="Quote">The speaker's words, verbatim.</param>
/// <param name="Summary">What the statement says, where it is not quoted in full.</param>
public sealed record IssueStatement(
    DateOnly OccurredOn, string Organisation, string? Speaker, string? SpeakerRole, string? Quote, string? Summary, Source? Source,
    long? ExpectedVersion = null)
    : Command, IDevelopmentCommand, IVersionedCommand
{
    [JsonIgnore] public Guid CampaignId { get; init; }

    public sealed class Validator : AbstractValidator<IssueStatement>
    {
        public Validator(TimeProvider clock)
        {
            Include(new DevelopmentValidator(clock));
            RuleFor(c => c.Organisation).NotEmpty().MaximumLength(200);
            RuleFor(c => c.Speaker).MaximumLength(200);
            RuleFor(c => c.SpeakerRole).MaximumLength(200);
            RuleFor(c => c.Quote).MaximumLength(10_000)
                .NotEmpty().When(c => string.IsNullOrWhiteSpace(c.Summary)).WithMessage("A statement needs a quote or a summary.");
            RuleFor(c => c.Summary).MaximumLength(4000);
        }
    }
}

public static class IssueStatementHandler
{
    public static Events Handle(IssueStatement command, [WriteModel(nameof(IssueStatement.CampaignId))] CampaignState campaign) =>
    [
        new StatementIssued(campaign.Id, Guid.CreateVersion7(), command.Organisation.Trim(), command.Speaker, command.SpeakerRole,
            command.Quote, command.Summary, command.OccurredOn, command.Source!),
    ];
}

public static class IssueStatementEndpoint
{
    [WolverinePost("/api/campaigns/{id}/statements", OperationId = "IssueStatement"), Authorize(Policy = Policies.Write)]
    public static Task<WriteResult> Post(Guid id, IssueStatement command, HttpCommands commands) =>
        commands.Send(command with { CampaignId = id });
}
