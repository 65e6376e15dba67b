using Campaign.Access;
using Campaign.Campaigns;
using Campaign.Confidentiality.Erasing;
using Campaign.StaffConsole.Forms;
using Campaign.StaffConsole.SignIn;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace Campaign.StaffConsole.Campaigns;

/// <summary>Erasure of a campaign's confidential data: who the confidential sources of its statements are.</summary>
[ConsoleAuthorize(Policies.Administer)]
public sealed class ErasureModel(ConsoleViews views, IDocumentSession session, IValidator<ErasePersonalData> validator, TimeProvider clock)
    : ErasureForm(views, session, validator, clock)
{
    [FromRoute] public Guid CampaignId { get; set; }

    public CampaignView Campaign { get; private set; } = null!;

    public override string Whom => $"the campaign {Campaign.Name}";
    public override string Back => $"/campaigns/{CampaignId}";
    protected override Guid StreamId => CampaignId;

    protected override async Task<bool> LoadView(CancellationToken ct)
    {
        if (await Views.Campaign(CampaignId, null, User, ct) is not { } campaign) return false;
        Campaign = campaign;
        return true;
    }
}
