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

namespace Campaign.Defendants.SchedulingHearings;

[PublicEvent("hearing-scheduled.v1")]
public sealed record HearingScheduled(
    [property: Public] Guid DefendantId,
    [property: Public] Guid CampaignId,
    [property: Public] Guid HearingId,
    [property: Public] DateOnly? ScheduledFor,
    [property: Public] string? Court,
    [property: Public] string City,
    [property: Public] string Purpose,
    [property: Public] DateOnly OccurredOn,
    [property: Public] Source Source)
    : IDefendantDevelopment, IPublicEvent
{
    public string Describe() =>
        $"{Purpose} scheduled in {City}" + (ScheduledFor is { } day ? $" for {day:yyyy-MM-dd}" : ", date not yet announced");

    public PublicContract ToContract() => new(PublicContract.Defendant(DefendantId), new HearingScheduledV1(DefendantId, CampaignId, HearingId, ScheduledFor,
        Court, City, Purpose, OccurredOn, PublicSource.From(Source)), OccurredOn);
}

/// <summary>Version 1 of what partners receive of it; change it only by adding a v2 beside it.</summary>
public sealed record HearingScheduledV1(
    Guid DefendantId, Guid CampaignId, Guid HearingId, DateOnly? ScheduledFor, string? Court, string City, string Purpose,
    DateOnly OccurredOn, PublicSource Source);

/// <param name="HearingId">To summon the defendant to a hearing already scheduled for others; a new hearing when absent.</param>
/// <param name="ScheduledFor">The day of the hearing, when announced.</param>
public sealed record ScheduleHearing(
    DateOnly OccurredOn, DateOnly? ScheduledFor, string? Court, string City, string Purpose, Source? Source,
    Guid? HearingId = null, long? ExpectedVersion = null)
    : Command, IDefendantCommand
{
    [JsonIgnore] public Guid DefendantId { get; init; }

    public sealed class Validator : AbstractValidator<ScheduleHearing>
    {
        public Validator(TimeProvider clock)
        {
            Include(new DevelopmentValidator(clock));
            RuleFor(c => c.ScheduledFor).GreaterThanOrEqualTo(c => c.OccurredOn).When(c => c.ScheduledFor.HasValue)
                .WithMessage("A hearing cannot take place before it was scheduled.");
            RuleFor(c => c.Court).MaximumLength(300);
            RuleFor(c => c.City).NotEmpty().MaximumLength(200);
            RuleFor(c => c.Purpose).NotEmpty().MaximumLength(300);
        }
    }
}

public static class ScheduleHearingHandler
{
    public static Events Handle(ScheduleHearing command, [WriteModel] Defendant defendant) =>
    [
        new HearingScheduled(defendant.Id, defendant.CampaignId, command.HearingId ?? Guid.CreateVersion7(), command.ScheduledFor,
            command.Court, command.City, command.Purpose, command.OccurredOn, command.Source!),
    ];
}

public static class ScheduleHearingEndpoint
{
    [WolverinePost("/api/defendants/{id}/hearings", OperationId = "ScheduleHearing"), Authorize(Policy = Policies.Write)]
    public static Task<WriteResult> Post(Guid id, ScheduleHearing command, HttpCommands commands) =>
        commands.Send(command with { DefendantId = id });
}
