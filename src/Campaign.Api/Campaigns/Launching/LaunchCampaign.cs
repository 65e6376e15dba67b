using Campaign.Access;
using Campaign.Access.Members;
using Campaign.Confidentiality;
using Campaign.Infrastructure.Writing;
using Campaign.Partners.Contracts;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Wolverine.Http;
using Wolverine.Marten;

namespace Campaign.Campaigns.Launching;

[PublicEvent("campaign-launched.v1")]
public sealed record CampaignLaunched(
    [property: Public] Guid CampaignId,
    [property: Public] string Name,
    [property: Public] string Country,
    [property: Public] string? Region,
    [property: Public] string? Summary) : IPublicEvent
{
    public PublicContract ToContract() => new(PublicContract.Campaign(CampaignId), new CampaignLaunchedV1(CampaignId, Name, Country, Region, Summary));
}

/// <summary>Version 1 of what partners receive of it; change it only by adding a v2 beside it.</summary>
public sealed record CampaignLaunchedV1(Guid CampaignId, string Name, string Country, string? Region, string? Summary);

/// <param name="Name">E.g. "Atajurt 19".</param>
/// <param name="Country">Where the case is prosecuted.</param>
/// <param name="Region">E.g. the Almaty region.</param>
public sealed record LaunchCampaign(string Name, string Country, string? Region, string? Summary) : Command
{
    public sealed class Validator : AbstractValidator<LaunchCampaign>
    {
        public Validator()
        {
            RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
            RuleFor(c => c.Country).NotEmpty().MaximumLength(100);
            RuleFor(c => c.Region).MaximumLength(200);
            RuleFor(c => c.Summary).MaximumLength(4000);
        }
    }
}

public static class LaunchCampaignHandler
{
    /// <summary>Staff work on the campaigns they launch: a member of staff becomes a member of it in the same transaction.</summary>
    public static (IStartStream, IMartenOp, IMartenOp) Handle(LaunchCampaign command, Write write, TimeProvider clock)
    {
        var id = Guid.CreateVersion7();
        var launched = MartenOps.StartStream<CampaignView>(id,
            new CampaignLaunched(id, command.Name.Trim(), command.Country.Trim(), command.Region?.Trim(), command.Summary));
        return write.By.IsIn(Role.Staff)
            ? (launched, MartenOps.Store(Membership.Of(write.By.Name, id, write.By.Name, clock.GetUtcNow())), AccessChanges.Announcement())
            : (launched, MartenOps.Nothing(), MartenOps.Nothing());
    }

    /// <summary>The launcher's membership counts from their next request, on every node.</summary>
    public static void AfterCommit(AccessChanges changes) => changes.Changed();
}

public static class LaunchCampaignEndpoint
{
    [WolverinePost("/api/campaigns", OperationId = "LaunchCampaign"), Authorize(Policy = Policies.Launch)]
    public static Task<Created<WriteResult>> Post(LaunchCampaign command, HttpCommands commands) => commands.Create(command, "campaigns");
}
