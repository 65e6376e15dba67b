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

namespace Campaign.Defendants.RecordingDetention;

[PublicEvent("detention-recorded.v1")]
public sealed record DetentionRecorded(
    [property: Public] Guid DefendantId,
    [property: Public] Guid CampaignId,
    [property: Public] DateOnly OccurredOn,
    [property: Public] string Place,
    [property: Public] string? Authority,
    [property: Public] CustodyStatus Custody,
    [property: Public] Source Source)
    : IDefendantDevelopment, IPublicEvent
{
    public string Describe() => $"Detained at {Place}" + (Authority is null ? "" : $" by {Authority}");

    public PublicContract ToContract() => new(PublicContract.Defendant(DefendantId),
        new DetentionRecordedV1(DefendantId, CampaignId, OccurredOn, Place, Authority, Custody, PublicSource.From(Source)), OccurredOn);
}

/// <summary>Version 1 of what partners receive of it; change it only by adding a v2 beside it.</summary>
public sealed record DetentionRecordedV1(
    Guid DefendantId, Guid CampaignId, DateOnly OccurredOn, string Place, string? Authority, CustodyStatus Custody, PublicSource Source);

public sealed record RecordDetention(
    DateOnly OccurredOn, string Place, string? Authority, Source? Source,
    CustodyStatus Custody = CustodyStatus.PoliceCustody, long? ExpectedVersion = null)
    : Command, IDefendantCommand
{
    [JsonIgnore] public Guid DefendantId { get; init; }

    public sealed class Validator : AbstractValidator<RecordDetention>
    {
        public Validator(TimeProvider clock)
        {
            Include(new DevelopmentValidator(clock));
            RuleFor(c => c.Place).NotEmpty().MaximumLength(300);
            RuleFor(c => c.Authority).MaximumLength(300);
            RuleFor(c => c.Custody).IsInEnum()
                .Must(c => c is not (CustodyStatus.Released or CustodyStatus.ReleasedWithConditions))
                .WithMessage("A detention cannot leave the defendant released.");
        }
    }
}

public static class RecordDetentionHandler
{
    public static Events Handle(RecordDetention command, [WriteModel] Defendant defendant) =>
    [
        new DetentionRecorded(defendant.Id, defendant.CampaignId, command.OccurredOn, command.Place,
            command.Authority, command.Custody, command.Source!),
    ];
}

public static class RecordDetentionEndpoint
{
    [WolverinePost("/api/defendants/{id}/detentions", OperationId = "RecordDetention"), Authorize(Policy = Policies.Write)]
    public static Task<WriteResult> Post(Guid id, RecordDetention command, HttpCommands commands) =>
        commands.Send(command with { DefendantId = id });
}
