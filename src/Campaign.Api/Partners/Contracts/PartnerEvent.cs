using Campaign.Campaigns.IssuingStatements;
using Campaign.Campaigns.Launching;
using Campaign.Defendants.ChangingCustody;
using Campaign.Defendants.DeliveringVerdicts;
using Campaign.Defendants.DroppingCharges;
using Campaign.Defendants.EscalatingCharges;
using Campaign.Defendants.FilingCharges;
using Campaign.Defendants.RecordingDetention;
using Campaign.Defendants.Registering;
using Campaign.Defendants.Releasing;
using Campaign.Defendants.SchedulingHearings;
using Campaign.Retracting;

namespace Campaign.Partners.Contracts;

/// <summary>An internal event as partners receive it: its CloudEvents type, its subject and its public data.</summary>
public sealed record PartnerEvent(string Type, string Subject, object Data, DateOnly? OccurredOn)
{
    private const string Prefix = "org.campaign.";

    /// <summary>The CloudEvents type of each internal event, e.g. <c>org.campaign.detention-recorded.v1</c>.</summary>
    public static readonly IReadOnlyDictionary<Type, string> Types = new Dictionary<Type, string>
    {
        [typeof(CampaignLaunched)] = Prefix + "campaign-launched.v1",
        [typeof(DefendantRegistered)] = Prefix + "defendant-registered.v1",
        [typeof(DetentionRecorded)] = Prefix + "detention-recorded.v1",
        [typeof(ChargeFiled)] = Prefix + "charge-filed.v1",
        [typeof(ChargeEscalated)] = Prefix + "charge-escalated.v1",
        [typeof(CustodyStatusChanged)] = Prefix + "custody-status-changed.v1",
        [typeof(HearingScheduled)] = Prefix + "hearing-scheduled.v1",
        [typeof(VerdictDelivered)] = Prefix + "verdict-delivered.v1",
        [typeof(ChargesDropped)] = Prefix + "charges-dropped.v1",
        [typeof(Released)] = Prefix + "released.v1",
        [typeof(StatementIssued)] = Prefix + "statement-issued.v1",
        [typeof(DevelopmentRetracted)] = Prefix + "development-retracted.v1",
    };

    public static PartnerEvent? From(object data)
    {
        if (!Types.TryGetValue(data.GetType(), out var type)) return null;
        var (subject, contract, occurredOn) = Contract(data);
        return new PartnerEvent(type, subject, contract, occurredOn);
    }

    private static (string Subject, object Data, DateOnly? OccurredOn) Contract(object data) => data switch
    {
        CampaignLaunched e => (Campaign(e.CampaignId), new CampaignLaunchedV1(e.CampaignId, e.Name, e.Country, e.Region, e.Summary), null),
        DefendantRegistered e => (Defendant(e.DefendantId), new DefendantRegisteredV1(e.DefendantId, e.CampaignId, e.DisplayName), null),
        DetentionRecorded e => (Defendant(e.DefendantId), new DetentionRecordedV1(
            e.DefendantId, e.CampaignId, e.OccurredOn, e.Place, e.Authority, e.Custody, PublicSource.From(e.Source)), e.OccurredOn),
        ChargeFiled e => (Defendant(e.DefendantId), new ChargeFiledV1(
            e.DefendantId, e.CampaignId, e.ChargeId, PublicCharge.From(e.Charge), e.OccurredOn, PublicSource.From(e.Source)), e.OccurredOn),
        ChargeEscalated e => (Defendant(e.DefendantId), new ChargeEscalatedV1(e.DefendantId, e.CampaignId, e.ReplacedChargeId, e.ChargeId,
            PublicCharge.From(e.Charge), e.Reason, e.OccurredOn, PublicSource.From(e.Source)), e.OccurredOn),
        CustodyStatusChanged e => (Defendant(e.DefendantId), new CustodyStatusChangedV1(
            e.DefendantId, e.CampaignId, e.Status, e.Place, e.Conditions, e.OccurredOn, PublicSource.From(e.Source)), e.OccurredOn),
        HearingScheduled e => (Defendant(e.DefendantId), new HearingScheduledV1(e.DefendantId, e.CampaignId, e.HearingId, e.ScheduledFor,
            e.Court, e.City, e.Purpose, e.OccurredOn, PublicSource.From(e.Source)), e.OccurredOn),
        VerdictDelivered e => (Defendant(e.DefendantId), new VerdictDeliveredV1(e.DefendantId, e.CampaignId, e.ChargeIds, e.Outcome,
            e.Sentence, e.Court, e.OccurredOn, PublicSource.From(e.Source)), e.OccurredOn),
        ChargesDropped e => (Defendant(e.DefendantId), new ChargesDroppedV1(
            e.DefendantId, e.CampaignId, e.ChargeIds, e.Reason, e.OccurredOn, PublicSource.From(e.Source)), e.OccurredOn),
        Released e => (Defendant(e.DefendantId), new ReleasedV1(
            e.DefendantId, e.CampaignId, e.Conditions, e.OccurredOn, PublicSource.From(e.Source)), e.OccurredOn),
        StatementIssued e => (Campaign(e.CampaignId), new StatementIssuedV1(e.CampaignId, e.StatementId, e.Organisation, e.Speaker,
            e.SpeakerRole, e.Quote, e.Summary, e.OccurredOn, PublicSource.From(e.Source)), e.OccurredOn),
        DevelopmentRetracted e => (e.StreamId == e.CampaignId ? Campaign(e.CampaignId) : Defendant(e.StreamId),
            new DevelopmentRetractedV1(e.CampaignId, e.StreamId, e.RetractedEventId,
                Types.FirstOrDefault(t => t.Key.Name == e.RetractedEventType).Value ?? e.RetractedEventType), null),
        _ => throw new InvalidOperationException($"{data.GetType().Name} has a CloudEvents type but no contract."),
    };

    private static string Campaign(Guid id) => $"campaigns/{id}";

    private static string Defendant(Guid id) => $"defendants/{id}";
}
