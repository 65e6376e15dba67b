using Campaign.Campaigns;
using Campaign.Campaigns.IssuingStatements;
using Campaign.Campaigns.Launching;
using Campaign.Defendants;
using Campaign.Defendants.ChangingCustody;
using Campaign.Defendants.FilingCharges;
using Campaign.Defendants.Registering;
using Campaign.Defendants.SchedulingHearings;
using Campaign.Retracting;
using Campaign.Tests.Support;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Unit;

public sealed class CampaignFoldTests
{
    private readonly Guid campaignId = Guid.NewGuid();
    private readonly CampaignView view = new();
    private readonly Facts campaignStream;

    public CampaignFoldTests()
    {
        campaignStream = new Facts(campaignId);
        view.Fold(campaignStream.Next(new CampaignLaunched(campaignId, "Atajurt 19", "Kazakhstan", "Almaty region", null)));
    }

    private (Guid Id, Facts Stream) Register(string name)
    {
        var id = Guid.NewGuid();
        var stream = new Facts(id);
        view.Fold(stream.Next(new DefendantRegistered(id, campaignId, name, null)));
        return (id, stream);
    }

    [Fact]
    public void Counts_defendants_by_current_custody_and_by_the_legal_basis_of_current_charges()
    {
        var (a, aStream) = Register("A");
        var (b, bStream) = Register("B");
        Register("C");
        view.Fold(aStream.Next(new CustodyStatusChanged(a, campaignId, CustodyStatus.PretrialDetention, null, null, Jan22, Report)));
        view.Fold(bStream.Next(new CustodyStatusChanged(b, campaignId, CustodyStatus.HouseArrest, null, null, Jan22, Report)));
        view.Fold(aStream.Next(new ChargeFiled(a, campaignId, Guid.NewGuid(), Article174, Jan22, Report)));
        view.Fold(aStream.Next(new ChargeFiled(a, campaignId, Guid.NewGuid(), Article174, Jan22, Report)));
        view.Fold(bStream.Next(new ChargeFiled(b, campaignId, Guid.NewGuid(), Hooliganism, Nov13, Report)));

        Assert.Equal(3, view.DefendantCount);
        Assert.Equal(new Dictionary<CustodyStatus, int> { [CustodyStatus.PretrialDetention] = 1, [CustodyStatus.HouseArrest] = 1 },
            view.DefendantsByCustody);
        Assert.Equal(new Dictionary<string, int> { [Article174.LegalBasis] = 1, [Hooliganism.LegalBasis] = 1 }, view.DefendantsByCharge);
        Assert.Equal(Jan22, view.LastDevelopmentOn);
    }

    [Fact]
    public void Defendants_summoned_to_the_same_hearing_share_one_entry_and_the_next_hearing_is_the_earliest_ahead()
    {
        var (a, aStream) = Register("A");
        var (b, bStream) = Register("B");
        var trial = Guid.NewGuid();
        var farAhead = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(1);
        view.Fold(aStream.Next(new HearingScheduled(a, campaignId, trial, farAhead, null, "Taldykorgan", "Trial", Jan22, Report)));
        view.Fold(bStream.Next(new HearingScheduled(b, campaignId, trial, farAhead, null, "Taldykorgan", "Trial", Jan22, Report)));
        view.Fold(aStream.Next(new HearingScheduled(a, campaignId, Guid.NewGuid(), new DateOnly(2026, 1, 30), null, "Almaty", "Remand review", Jan22, Report)));

        Assert.Equal(2, view.Hearings.Count);
        Assert.Equal([a, b], view.Hearings.Single(h => h.HearingId == trial).DefendantIds);
        Assert.Equal(trial, view.NextHearing!.HearingId);
    }

    [Fact]
    public void A_retracted_statement_leaves_the_view_and_its_timeline()
    {
        var statement = campaignStream.Next(new StatementIssued(
            campaignId, Guid.NewGuid(), "Amnesty International", "Marie Struthers", "Director", "Drop the charges", null, Jan22, Report));
        view.Fold(statement);
        Assert.Single(view.Statements);

        view.Fold(campaignStream.Next(new DevelopmentRetracted(campaignId, campaignId, statement.Id, nameof(StatementIssued), "Wrong case")));

        Assert.Empty(view.Statements);
        Assert.Null(view.LastDevelopmentOn);
    }

    [Fact]
    public void A_retracted_custody_change_no_longer_counts()
    {
        var (a, aStream) = Register("A");
        var change = aStream.Next(new CustodyStatusChanged(a, campaignId, CustodyStatus.HouseArrest, null, null, Jan22, Report));
        view.Fold(change);

        view.Fold(aStream.Next(new DevelopmentRetracted(a, campaignId, change.Id, nameof(CustodyStatusChanged), "Wrong defendant")));

        Assert.Empty(view.DefendantsByCustody);
        Assert.Null(view.Defendants.Single().Custody);
        Assert.Null(view.LastDevelopmentOn);
    }
}
