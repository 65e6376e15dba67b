using NoContent = Microsoft.AspNetCore.Http.HttpResults.NoContent;
using System.Security.Claims;
using Campaign.Access;
using Campaign.Infrastructure.Writing;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Campaign.Confidentiality.Erasing;

/// <param name="Reason">Why, e.g. a threat to the person's safety, or a request under the GDPR.</param>
public sealed record ErasePersonalData(string Reason)
{
    public sealed class Validator : AbstractValidator<ErasePersonalData>
    {
        public Validator() => RuleFor(c => c.Reason).NotEmpty().MaximumLength(1000);
    }
}

public static class ErasePersonalDataEndpoint
{
    /// <summary>
    /// Destroys the key of a stream's confidential fields (a defendant's legal name, confidential sources). The events
    /// stay as they are; every view, export and replay shows those fields as "[erased]" from now on. It cannot be undone.
    /// </summary>
    [WolverinePost("/api/streams/{streamId}/erasure", OperationId = "ErasePersonalData"), Authorize(Policy = Policies.Administer)]
    public static async Task<NoContent> Post(Guid streamId, ErasePersonalData command, IDocumentSession session, ClaimsPrincipal user,
        TimeProvider clock, CancellationToken ct)
    {
        await PersonalDataErasure.Erase(session, streamId, command.Reason, user.Identity!.Name!, clock, ct);
        return TypedResults.NoContent();
    }
}

/// <summary>The erasure itself, for the API and the staff console alike.</summary>
public static class PersonalDataErasure
{
    /// <summary>Destroys the stream's key, once; erasing again changes nothing. Throws <see cref="NotFound"/> for an unknown stream.</summary>
    public static async Task Erase(IDocumentSession session, Guid streamId, string reason, string erasedBy, TimeProvider clock, CancellationToken ct)
    {
        if (await session.Events.FetchStreamStateAsync(streamId, ct) is null) throw new NotFound("stream", streamId);

        var key = await session.LoadAsync<PersonalDataKey>(streamId, ct) ?? new PersonalDataKey { Id = streamId, CreatedAt = clock.GetUtcNow() };
        if (key.ErasedAt is not null) return;
        (key.Key, key.ErasedAt, key.ErasedBy, key.ErasureReason) = (null, clock.GetUtcNow(), erasedBy, reason);
        session.Store(key);
        // Their fingerprints cover the requests' plaintext: whoever holds the master key could check a guess against them.
        session.DeleteWhere<IdempotentWrite>(w => w.Streams.Any(s => s.StreamId == streamId));
        LegalNameIndex.Forget(session, streamId);
        Evidence.EvidenceStore.Forget(session, streamId); // its confidential files, unreadable without the key anyway
        await session.SaveChangesAsync(ct);
    }
}
