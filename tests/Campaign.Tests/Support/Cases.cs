using Campaign.Campaigns.Launching;
using Campaign.Defendants;
using Campaign.Defendants.ChangingCustody;
using Campaign.Defendants.FilingCharges;
using Campaign.Defendants.RecordingDetention;
using Campaign.Defendants.Registering;
using Campaign.Developments;

namespace Campaign.Tests.Support;

/// <summary>Small building blocks for test cases, in the domain's words.</summary>
public static class Cases
{
    public static readonly DateOnly Nov13 = new(2025, 11, 13);
    public static readonly DateOnly Jan22 = new(2026, 1, 22);
    public static readonly Source Report = new("https://example.org/report", "Example Wire", Jan22);

    public static ChargeDetails Hooliganism => new("Code of Administrative Offences (hooliganism)", ChargeKind.Administrative, "Hooliganism", "15 days");
    public static ChargeDetails Article174 => new("Criminal Code Art. 174", ChargeKind.Criminal, "Inciting ethnic or national discord", "10 years");

    public static RecordDetention Detention(DateOnly? on = null) => new(on ?? Nov13, "Almaty region", "Police", Report);
    public static FileCharge Charge(ChargeDetails? charge = null, DateOnly? on = null) => new(on ?? Nov13, charge ?? Hooliganism, Report);
    public static ChangeCustody Custody(CustodyStatus status, DateOnly? on = null) => new(on ?? Jan22, status, null, null, Report);

    public static async Task<Guid> LaunchCampaign(this Api api, string name = "Test campaign") =>
        (await api.Post("/api/campaigns", new LaunchCampaign(name, "Kazakhstan", "Almaty region", null), 201)).Id;

    public static async Task<Guid> RegisterDefendant(this Api api, Guid campaignId, string name = "Defendant (placeholder)") =>
        (await api.Post($"/api/campaigns/{campaignId}/defendants", new RegisterDefendant(name, null), 201)).Id;

    /// <summary>A campaign with one defendant, detained and charged with hooliganism.</summary>
    public static async Task<(Guid Campaign, Guid Defendant, Guid Charge)> ChargedDefendant(this Api api)
    {
        var campaign = await api.LaunchCampaign();
        var defendant = await api.RegisterDefendant(campaign);
        await api.Post($"/api/defendants/{defendant}/detentions", Detention());
        await api.Post($"/api/defendants/{defendant}/charges", Charge());
        var view = await api.Defendant(defendant);
        return (campaign, defendant, view.Charges.Single().ChargeId);
    }
}
