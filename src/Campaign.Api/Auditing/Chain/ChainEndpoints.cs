using Campaign.Access;
using Campaign.Confidentiality;
using Campaign.Infrastructure.Writing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Wolverine.Http;

namespace Campaign.Auditing.Chain;

public sealed record PublicKeyView([property: Public] string Algorithm, [property: Public] string PublicKey);

/// <summary>
/// <c>status</c>: <c>intact</c> (every event up to <c>lastEvent</c> verified), <c>intact-so-far</c> (what is chained is
/// intact, but the chain has not yet reached <c>lastEvent</c>: the events after <c>verifiedUpTo</c> are not vouched
/// for yet; verify again shortly) or <c>broken</c> (at <c>firstMismatch</c>).
/// </summary>
public sealed record ChainVerification(
    [property: Public] string Status,
    [property: Public] bool Intact,
    [property: Public] bool Complete,
    [property: Public] long LastEvent,
    [property: Public] long VerifiedUpTo,
    [property: Public] long? FirstMismatch,
    [property: Public] string? Problem,
    [property: Public] int CheckpointsVerified,
    [property: Public] string PublicKey);

public sealed record CheckpointView(
    [property: Public] long Position,
    [property: Public] string Hash,
    [property: Public] DateTimeOffset SignedAt,
    [property: Public] string PublicKey,
    [property: Public] string Signature)
{
    public static CheckpointView Of(ChainCheckpoint c) => new(c.Id, c.Hash, c.SignedAt, c.PublicKey, c.Signature);
}

public static class ChainEndpoints
{
    /// <summary>The Ed25519 key that verifies the chain's signed checkpoints.</summary>
    [WolverineGet("/api/audit/public-key", OperationId = "GetAuditPublicKey"), Authorize(Policy = Policies.Audit)]
    public static PublicKeyView PublicKey(AuditChain chain) => new("Ed25519", chain.PublicKey);

    /// <summary>
    /// Recomputes the chain from the events; names the first position that does not match, and says whether the chain
    /// has reached the last event yet.
    /// </summary>
    [WolverineGet("/api/audit/verify", OperationId = "VerifyChain"), Authorize(Policy = Policies.Audit)]
    public static async Task<ChainVerification> Verify(AuditChain chain, CancellationToken ct)
    {
        var report = await chain.Verify(ct);
        var status = !report.Intact ? "broken" : report.Complete ? "intact" : "intact-so-far";
        return new(status, report.Intact, report.Complete, report.LastEvent, report.VerifiedUpTo, report.FirstMismatch, report.Problem,
            report.CheckpointsVerified, chain.PublicKey);
    }

    [WolverineGet("/api/audit/checkpoints", OperationId = "ListCheckpoints"), Authorize(Policy = Policies.Audit)]
    public static async Task<IReadOnlyList<CheckpointView>> Checkpoints(AuditChain chain, CancellationToken ct) =>
        (await chain.Checkpoints(ct)).Select(CheckpointView.Of).ToList();

    /// <summary>Signs the chain as it stands now. Admins only: auditors read, and write nothing.</summary>
    [WolverinePost("/api/audit/checkpoints", OperationId = "CreateCheckpoint"), Authorize(Policy = Policies.Administer)]
    public static async Task<Created<CheckpointView>> Checkpoint(AuditChain chain, TimeProvider clock, CancellationToken ct)
    {
        var checkpoint = await chain.CheckpointNow(clock, ct) ?? throw new StateConflict("There is no event to vouch for yet.");
        return TypedResults.Created($"/api/audit/checkpoints/{checkpoint.Id}", CheckpointView.Of(checkpoint));
    }
}
