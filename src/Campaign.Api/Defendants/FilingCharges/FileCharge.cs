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

namespace Campaign.Defendants.FilingCharges;

[PublicEvent("charge-filed.v1")]
public sealed record ChargeFiled(
    [property: Public] Guid DefendantId,
    [property: Public] Guid CampaignId,
    [property: Public] Guid ChargeId,
    [property: Public] ChargeDetails Charge,
    [property: Public] DateOnly OccurredOn,
    [property: Public] Source Source)
    : IDefendantDevelopment, IPublicEvent
{
    public string Describe() => $"Charged under {Charge.LegalBasis} ({Charge.Description})";

    public PublicContract ToContract() => new(PublicContract.Defendant(DefendantId),
        new ChargeFiledV1(DefendantId, CampaignId, ChargeId, PublicCharge.From(Charge), OccurredOn, PublicSource.From(Source)), OccurredOn);
}

/// <summary>Version 1 of what partners receive of it; change it only by adding a v2 beside it.</summary>
public sealed record ChargeFiledV1(Guid DefendantId, Guid CampaignId, Guid ChargeId, PublicCharge Charge, DateOnly OccurredOn, PublicSource Source);

public sealed record FileCharge(DateOnly OccurredOn, ChargeDetails? Charge, Source? Source, long? ExpectedVersion = null)
    : Command, IDefendantCommand
{
    [JsonIgnore] public Guid DefendantId { get; init; }

    public sealed class Validator : AbstractValidator<FileCharge>
    {
        public Validator(TimeProvider clock)
        {
            Include(new DevelopmentValidator(clock));
            RuleFor(c => c.Charge).NotNull().SetValidator(new ChargeDetails.Validator()!);
        }
    }
}

public static class FileChargeHandler
{
    public static Events Handle(FileCharge command, [WriteModel] Defendant defendant) =>
    [
        new ChargeFiled(defendant.Id, defendant.CampaignId, Guid.CreateVersion7(), command.Charge!, command.OccurredOn, command.Source!),
    ];
}

public static class FileChargeEndpoint
{
    [WolverinePost("/api/defendants/{id}/charges", OperationId = "FileCharge"), Authorize(Policy = Policies.Write)]
    public static Task<WriteResult> Post(Guid id, FileCharge command, HttpCommands commands) =>
        commands.Send(command with { DefendantId = id });
}
