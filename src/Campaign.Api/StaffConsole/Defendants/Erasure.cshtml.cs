using Campaign.Access;
using Campaign.Confidentiality.Erasing;
using Campaign.Defendants;
using Campaign.StaffConsole.Forms;
using Campaign.StaffConsole.SignIn;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace Campaign.StaffConsole.Defendants;

/// <summary>Erasure of a defendant's confidential data: their legal name and who the confidential sources of their developments are.</summary>
[ConsoleAuthorize(Policies.Administer)]
public sealed class ErasureModel(ConsoleViews views, IDocumentSession session, IValidator<ErasePersonalData> validator, TimeProvider clock)
    : ErasureForm(views, session, validator, clock)
{
    [FromRoute] public Guid DefendantId { get; set; }

    public DefendantView Defendant { get; private set; } = null!;

    public override string Whom => Defendant.DisplayName;
    public override string Back => $"/defendants/{DefendantId}";
    protected override Guid StreamId => DefendantId;

    protected override async Task<bool> LoadView(CancellationToken ct)
    {
        if (await Views.Defendant(DefendantId, null, User, ct) is not { } defendant) return false;
        Defendant = defendant;
        return true;
    }
}
