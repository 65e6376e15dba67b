using Campaign.Access;
using Campaign.Auditing.Chain;
using Campaign.Infrastructure.ApiDocument;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Campaign.Auditing.Export;

public static class ExportEventsEndpoint
{
    /// <summary>
    /// Every chained event, in global order, as NDJSON (see <see cref="ExportFormat"/>), then the signed checkpoints.
    /// Confidential fields stay sealed: an export never carries personal data in clear.
    /// </summary>
    [WolverineGet("/api/audit/export", OperationId = "ExportEvents"), Authorize(Policy = Policies.Audit)]
    [ProducesStream("application/x-ndjson", "One JSON object a line: every event with its chain hash, then the signed checkpoints.")]
    public static async Task Get(HttpContext context, AuditChain chain, EventRows rows)
    {
        var ct = context.RequestAborted;
        context.Response.ContentType = "application/x-ndjson";
        await using var links = chain.Links(ct).GetAsyncEnumerator(ct);
        await foreach (var e in rows.Read(0, long.MaxValue, ct))
        {
            if (!await links.MoveNextAsync() || links.Current.Id != e.Position) break; // exported up to the chain's head
            await context.Response.Body.WriteAsync(ExportFormat.EventLine(e, links.Current.Hash), ct);
        }
        foreach (var checkpoint in await chain.Checkpoints(ct))
            await context.Response.Body.WriteAsync(ExportFormat.CheckpointLine(checkpoint), ct);
    }
}
