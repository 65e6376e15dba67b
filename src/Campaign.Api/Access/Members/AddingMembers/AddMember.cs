using NoContent = Microsoft.AspNetCore.Http.HttpResults.NoContent;
using System.Security.Claims;
using Campaign.Campaigns;
using Campaign.Infrastructure.Writing;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Campaign.Access.Members.AddingMembers;

/// <param name="Member">A key's owner, or the name a signed-in user has in the identity provider.</param>
public sealed record AddMember(string Member)
{
    public sealed class Validator : AbstractValidator<AddMember>
    {
        public Validator() =>
            RuleFor(c => c.Member).NotEmpty().MaximumLength(200).Must(m => !m.Contains('|')).WithMessage("'{PropertyName}' cannot contain '|'.");
    }
}

public static class AddMemberEndpoint
{
    [WolverinePost("/api/campaigns/{id}/members", OperationId = "AddMember"), Authorize(Policy = Policies.Administer)]
    public static async Task<NoContent> Post(Guid id, AddMember command, IDocumentSession session,
        ClaimsPrincipal user, TimeProvider clock, AccessChanges changes, CancellationToken ct)
    {
        await Add(id, command, session, user, clock, changes, ct);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Makes the person a member of the campaign (404 when there is no such campaign), on behalf of <paramref name="user"/>
    /// (the API and the console); it counts from the member's next request, on every node.
    /// </summary>
    public static async Task Add(Guid id, AddMember command, IDocumentSession session,
        ClaimsPrincipal user, TimeProvider clock, AccessChanges changes, CancellationToken ct)
    {
        if (await session.LoadAsync<CampaignState>(id, ct) is null) throw new NotFound(CampaignState.Noun, id);
        session.Store(Membership.Of(command.Member.Trim(), id, user.Identity!.Name!, clock.GetUtcNow()));
        AccessChanges.Announce(session);
        await session.SaveChangesAsync(ct);
        changes.Changed();
    }
}
