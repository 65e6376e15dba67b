using System.Net.Http.Json;
using System.Text.Json;
using Campaign.Campaigns.IssuingStatements;
using Campaign.Campaigns.Launching;
using Campaign.Campaigns.RecordingDevelopments;
using Campaign.Defendants;
using Campaign.Defendants.ChangingCustody;
using Campaign.Defendants.EscalatingCharges;
using Campaign.Defendants.FilingCharges;
using Campaign.Defendants.RecordingDetention;
using Campaign.Defendants.Registering;
using Campaign.Defendants.SchedulingHearings;
using Campaign.Developments;
using Campaign.Infrastructure.Writing;

namespace Campaign.Demo;

/// <summary>
/// The Atajurt 19 case (../shared/cases), logged through the public HTTP API exactly as staff would.
/// The defendants' names are fictional placeholders: the report names none of them. The report gives no
/// day for the escalation or the custody decisions, so those are dated by the report that states them.
/// Every request carries an Idempotency-Key derived from <paramref name="keyPrefix"/>, so loading again appends nothing.
/// </summary>
public sealed class AtajurtCase(HttpClient api, JsonSerializerOptions json, string keyPrefix = "demo:atajurt-19")
{
    public const int Remanded = 13;
    public const int UnderHouseArrest = 6;
    public const string AdministrativeBasis = "Code of Administrative Offences (hooliganism)";
    public const string CriminalBasis = "Criminal Code Art. 174";

    private static readonly DateOnly Detained = new(2025, 11, 13);
    private static readonly DateOnly Reported = new(2026, 1, 22);
    private static readonly Source Jurist = new(null, "JURIST", Reported);

    public static readonly LaunchCampaign Campaign = new(
        "Atajurt 19", "Kazakhstan", "Almaty region",
        "19 activists of the Atajurt movement prosecuted for a peaceful protest near the Kazakhstan–China border, " +
        "held to demand the release of Alimnur Turganbay, a Kazakh citizen detained in China.");

    public static RegisterDefendant Defendant(int n) => new($"Atajurt defendant {n:00} (placeholder)", null);

    public static readonly RecordDetention Detention = new(Detained, "Near the Kazakhstan–China border, Almaty region", "Police", Jurist);

    public static readonly FileCharge AdministrativeCharge = new(Detained, new ChargeDetails(AdministrativeBasis, ChargeKind.Administrative,
        "Hooliganism", "A fine and up to 15 days' administrative detention"), Jurist);

    public static readonly ChangeCustody AdministrativeDetention = new(Detained, CustodyStatus.AdministrativeDetention, null, null, Jurist);

    public static readonly EscalateCharge Escalation = new(Reported,
        new ChargeDetails(CriminalBasis, ChargeKind.Criminal, "Inciting ethnic or national discord", "Up to 10 years' imprisonment"),
        "Reportedly after a diplomatic note from the Chinese authorities", Jurist);

    public static readonly ChangeCustody Remand = new(Reported, CustodyStatus.PretrialDetention, null, null, Jurist);

    public static readonly ChangeCustody HouseArrest = new(Reported, CustodyStatus.HouseArrest, null, null, Jurist);

    public static readonly ScheduleHearing Trial = new(Reported, null, null, "Taldykorgan", "Opening of the trial", Jurist);

    public static readonly IssueStatement Amnesty = new(
        Reported, "Amnesty International", "Marie Struthers", "Director, Eastern Europe & Central Asia",
        "The Kazakhstani authorities must urgently step back from the reckless misuse of criminal law and do what international " +
        "human rights standards plainly require: drop these baseless charges and immediately release all the detained Atajurt " +
        "activists. Peaceful protest is not a crime simply because it makes those in power uncomfortable, even when that " +
        "discomfort extends to displeasing a powerful geopolitical player such as China.",
        "Calls on Kazakhstan to drop the criminal charges and release the activists.", Jurist);

    public static readonly IssueStatement HumanRightsWatch = new(
        Reported, "Human Rights Watch", "Maya Wang", "Deputy Asia director", "aid China's repression",
        "The prosecutions signal Kazakhstan's willingness to aid China's repression rather than defend freedom of expression; " +
        "urges the authorities to drop the charges and release the activists.", Jurist);

    public async Task<(Guid CampaignId, IReadOnlyList<Guid> DefendantIds, long Sequence)> Load(CancellationToken ct = default)
    {
        var campaign = await Post<WriteResult>("campaign", "/api/campaigns", Campaign, ct);

        var defendants = new List<Guid>();
        for (var n = 1; n <= Remanded + UnderHouseArrest; n++)
        {
            var registered = await Post<WriteResult>($"defendant-{n}", $"/api/campaigns/{campaign.Id}/defendants", Defendant(n), ct);
            defendants.Add(registered.Id);
        }

        var developments = $"/api/campaigns/{campaign.Id}/developments";
        await Post<BulkWriteResult>("detention", developments, new RecordDevelopment(defendants, Detention: Detention), ct);
        await Post<BulkWriteResult>("administrative-charge", developments, new RecordDevelopment(defendants, Charge: AdministrativeCharge), ct);
        await Post<BulkWriteResult>("administrative-detention", developments, new RecordDevelopment(defendants, Custody: AdministrativeDetention), ct);
        await Post<BulkWriteResult>("escalation", developments,
            new RecordDevelopment(defendants, Escalation: Escalation, ReplacesLegalBasis: AdministrativeBasis), ct);
        await Post<BulkWriteResult>("remand", developments, new RecordDevelopment(defendants[..Remanded], Custody: Remand), ct);
        await Post<BulkWriteResult>("house-arrest", developments, new RecordDevelopment(defendants[Remanded..], Custody: HouseArrest), ct);
        await Post<BulkWriteResult>("trial", developments, new RecordDevelopment(defendants, Hearing: Trial), ct);

        await Post<WriteResult>("amnesty", $"/api/campaigns/{campaign.Id}/statements", Amnesty, ct);
        var last = await Post<WriteResult>("human-rights-watch", $"/api/campaigns/{campaign.Id}/statements", HumanRightsWatch, ct);

        return (campaign.Id, defendants, last.Sequence);
    }

    private async Task<T> Post<T>(string step, string url, object command, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(command, command.GetType(), options: json) };
        request.Headers.Add(Idempotency.HttpHeader, $"{keyPrefix}:{step}");
        using var response = await api.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Loading the demo failed at '{step}': {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        return (await response.Content.ReadFromJsonAsync<T>(json, ct))!;
    }
}
