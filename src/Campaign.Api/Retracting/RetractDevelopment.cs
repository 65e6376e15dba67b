using System.Text.Json.Serialization;
using Campaign.Access;
using Campaign.Campaigns;
using Campaign.Campaigns.IssuingStatements;
using Campaign.Confidentiality;
using Campaign.Defendants;
using Campaign.Developments;
using Campaign.Infrastructure.Writing;
using Campaign.Partners.Contracts;
using FluentValidation;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;
using Wolverine.Marten;

namespace Campaign.Retracting;

/// <summary>
/// A development taken back because it was recorded in error. The retracted event stays in the
/// history; views drop the fact it stated.
/// </summary>
[PublicEvent("development-retracted.v1")]
public sealed record DevelopmentRetracted(
    [property: Public] Guid StreamId,
    [property: Public] Guid CampaignId,
    [property: Public] Guid RetractedEventId,
    [property: Public] string RetractedEventType,
    [property: Internal] string Reason) : IPublicEvent
{
    public PublicContract ToContract() => new(StreamId == CampaignId ? PublicContract.Campaign(CampaignId) : PublicContract.Defendant(StreamId),
        new DevelopmentRetractedV1(CampaignId, StreamId, RetractedEventId,
            PartnerEvent.Types.FirstOrDefault(t => t.Key.Name == RetractedEventType).Value ?? RetractedEventType));
}

/// <summary>
/// Version 1 of what partners receive of it, changed only by adding a v2 beside it: partners drop what the retracted
/// event told them. The reason stays internal.
/// </summary>
public sealed record DevelopmentRetractedV1(Guid CampaignId, Guid StreamId, Guid RetractedEventId, string RetractedEventType);

public sealed record RetractDevelopment(Guid EventId, string Reason, long? ExpectedVersion = null) : Command, IVersionedCommand
{
    [JsonIgnore] public Guid StreamId { get; init; }

    public sealed class Validator : AbstractValidator<RetractDevelopment>
    {
        public Validator()
        {
            RuleFor(c => c.EventId).NotEmpty();
            RuleFor(c => c.Reason).NotEmpty().MaximumLength(2000);
        }
    }
}

/// <summary>What a retraction's decision needs of the stream it addresses, a defendant's or a campaign's.</summary>
public interface IRetractable
{
    Guid Id { get; }
    List<Guid> Retracted { get; }

    /// <summary>The charge the event filed, when later developments act on it; null otherwise.</summary>
    Guid? ChargeActedOnAfter(Guid eventId);
}

/// <summary>The stream a retraction addresses, read and locked for the write as whichever kind it is, and the event it names.</summary>
public sealed record RetractionTarget(IEvent? Event, IEventStream<Defendant> Defendant, IEventStream<CampaignState> Campaign);

public static class RetractDevelopmentHandler
{
    /// <remarks>
    /// [WriteModel] names one write model type, and a retraction may address either kind of stream: both are read (and
    /// locked) here with the event, in one round trip, and the handler writes to the one that exists.
    /// </remarks>
    public static async Task<RetractionTarget> LoadAsync(RetractDevelopment command, IDocumentSession session, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var target = batch.Events.Load(command.EventId);
        var defendant = batch.Events.FetchForExclusiveWriting<Defendant>(command.StreamId);
        var campaign = batch.Events.FetchForExclusiveWriting<CampaignState>(command.StreamId);
        InlineViews.ReadWith<Defendant>(session, batch, [command.StreamId]);
        await batch.Execute(ct);
        return new(await target, await defendant, await campaign);
    }

    public static void Handle(RetractDevelopment command, RetractionTarget target)
    {
        if (target.Defendant.Aggregate is { } defendant) target.Defendant.AppendMany(Decide(command, target.Event, defendant));
        else if (target.Campaign.Aggregate is { } campaign) target.Campaign.AppendMany(Decide(command, target.Event, campaign));
        else throw new NotFound("stream", command.StreamId);
    }

    public static Events Decide(RetractDevelopment command, IEvent? target, IRetractable stream)
    {
        if (target is null || target.StreamId != stream.Id)
            throw new InvalidReference("eventId", $"Stream {stream.Id} has no event {command.EventId}.");
        var campaignId = target.Data switch
        {
            IDefendantDevelopment development => development.CampaignId,
            StatementIssued statement => statement.CampaignId,
            Evidence.Attaching.EvidenceAttached attached => attached.CampaignId,
            _ => throw new InvalidReference("eventId", $"A {target.Data.GetType().Name} is not a development and cannot be retracted."),
        };
        if (stream.Retracted.Contains(target.Id))
            throw new StateConflict($"Event {target.Id} is already retracted.");
        if (stream.ChargeActedOnAfter(target.Id) is { } charge)
            throw new StateConflict($"Later developments act on charge {charge}; retract them first.");

        return [new DevelopmentRetracted(stream.Id, campaignId, target.Id, target.Data.GetType().Name, command.Reason)];
    }
}

public static class RetractDevelopmentEndpoint
{
    [WolverinePost("/api/streams/{streamId}/retractions", OperationId = "RetractDevelopment"), Authorize(Policy = Policies.Write)]
    public static Task<WriteResult> Post(Guid streamId, RetractDevelopment command, HttpCommands commands) =>
        commands.Send(command with { StreamId = streamId });
}
