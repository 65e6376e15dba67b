using Campaign.Defendants;
using Campaign.Defendants.Registering;
using Campaign.Infrastructure.Writing;
using JasperFx.Events;
using Marten;

namespace Campaign.Campaigns.ImportingDevelopments;

/// <summary>A file imported into a campaign, kept under the campaign and the file's hash so that it is imported once.</summary>
public sealed class ImportedFile
{
    public string Id { get; set; } = "";
    public Guid CampaignId { get; set; }
    public string FileSha256 { get; set; } = "";
    public string? FileName { get; set; }
    public int Rows { get; set; }
    public string ImportedBy { get; set; } = "";
    public DateTimeOffset ImportedAt { get; set; }

    public static string IdOf(Guid campaignId, string sha256) => $"{campaignId}:{sha256}";

    public string Describe() => $"This file (SHA-256 {FileSha256}) was already imported into the campaign by {ImportedBy} on {ImportedAt:yyyy-MM-dd HH:mm} UTC.";
}

/// <summary>409: the file was imported into the campaign before (found as the write began, e.g. by an import sent at the same moment).</summary>
public sealed class FileAlreadyImported(ImportedFile earlier) : Rejection(earlier.Describe())
{
    public override int StatusCode => StatusCodes.Status409Conflict;
}

/// <summary>The write models of the existing defendants an import is for, read and locked for the write.</summary>
public sealed record ImportTarget(IReadOnlyDictionary<Guid, IEventStream<Defendant>> Defendants);

public static class ImportDevelopmentsHandler
{
    /// <summary>The header each event of an import carries: the hash of the file it came from, shown in the audit trail.</summary>
    public const string FileHeader = "import-sha256";

    /// <remarks>As <see cref="RecordingDevelopments.RecordDevelopmentHandler.LoadAsync"/>: one round trip, locked in the order of the ids.</remarks>
    public static async Task<ImportTarget> LoadAsync(ImportDevelopments command, IDocumentSession session, CancellationToken ct)
    {
        var ids = command.Rows.Select(r => r.DefendantId).OfType<Guid>().Distinct().Order().ToList();
        var batch = session.CreateBatchQuery();
        var campaign = batch.Events.FetchLatest<CampaignState>(command.CampaignId);
        var imported = batch.Load<ImportedFile>(ImportedFile.IdOf(command.CampaignId, command.FileSha256));
        var defendants = ids.Select(batch.Events.FetchForExclusiveWriting<Defendant>).ToList();
        InlineViews.ReadWith<Defendant>(session, batch, ids);
        await batch.Execute(ct);
        if (await campaign is null) throw new NotFound("campaign", command.CampaignId);
        if (await imported is { } earlier) throw new FileAlreadyImported(earlier);
        return new ImportTarget((await Task.WhenAll(defendants)).ToDictionary(d => d.Id));
    }

    public static void Handle(ImportDevelopments command, ImportTarget target, Write write, IDocumentSession session, TimeProvider clock)
    {
        var decision = ImportDecision.Make(command, target.Defendants.Where(d => d.Value.Aggregate is not null)
            .ToDictionary(d => d.Key, d => d.Value.Aggregate!));
        if (decision.Errors.Count > 0)
            throw new InvalidCommand(decision.Errors.GroupBy(e => $"rows[{e.Index}].{e.Field}").ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));

        session.SetHeader(FileHeader, command.FileSha256);
        foreach (var (id, events) in decision.Streams)
        {
            if (decision.Registered.Contains(id)) session.Events.StartStream<DefendantView>(id, events.ToArray());
            else target.Defendants[id].AppendMany(events);
        }
        session.Insert(new ImportedFile
        {
            Id = ImportedFile.IdOf(command.CampaignId, command.FileSha256), CampaignId = command.CampaignId, FileSha256 = command.FileSha256,
            FileName = command.FileName, Rows = command.Rows.Count, ImportedBy = write.By.Name, ImportedAt = clock.GetUtcNow(),
        });
    }
}

/// <summary>
/// Every row decided in order, each on its defendant's write model as the rows before it left it (a copy: the session's own
/// must not change before the commit). Used by the write and by the dry run, so that both find the same errors.
/// </summary>
public sealed class ImportDecision
{
    public Dictionary<Guid, List<object>> Streams { get; } = [];
    public HashSet<Guid> Registered { get; } = [];
    public List<(int Index, string Field, string Message)> Errors { get; } = [];

    public static ImportDecision Make(ImportDevelopments command, IReadOnlyDictionary<Guid, Defendant> defendants)
    {
        var decision = new ImportDecision();
        var cases = defendants.Where(d => d.Value.CampaignId == command.CampaignId).ToDictionary(d => d.Key, d => Copy(d.Value));
        var newcomers = new Dictionary<string, Guid>();
        var hearings = new Dictionary<object, Guid>();
        for (var i = 0; i < command.Rows.Count; i++)
        {
            var row = command.Rows[i];
            Guid id;
            if (row.NewDefendant is { } registration)
            {
                if (!newcomers.TryGetValue(DefendantNames.Key(registration.DisplayName), out id))
                {
                    id = newcomers[DefendantNames.Key(registration.DisplayName)] = Guid.CreateVersion7();
                    var registered = new DefendantRegistered(id, command.CampaignId, registration.DisplayName.Trim(), registration.LegalName?.Trim());
                    cases[id] = Defendant.Fold(null, decision.Record(id, registered, 0))!;
                    decision.Registered.Add(id);
                }
            }
            else if (row.DefendantId is not { } existing || !cases.ContainsKey(existing))
            {
                decision.Errors.Add((i, "defendant", $"Campaign {command.CampaignId} has no defendant {row.DefendantId}."));
                continue;
            }
            else id = existing;

            var hearing = row.HearingKey is { } key ? hearings.TryGetValue(key, out var shared) ? shared : hearings[key] = Guid.CreateVersion7() : (Guid?)null;
            try
            {
                foreach (var data in row.Decide(cases[id], hearing).ToList())
                    cases[id] = Defendant.Fold(cases[id], decision.Record(id, data, cases[id].Version))!;
            }
            catch (InvalidReference invalid)
            {
                decision.Errors.Add((i, invalid.Field, invalid.Message));
            }
            catch (Rejection rejected)
            {
                decision.Errors.Add((i, "development", rejected.Message));
            }
        }
        return decision;
    }

    private IEvent Record(Guid streamId, object data, long after)
    {
        (Streams.TryGetValue(streamId, out var events) ? events : Streams[streamId] = []).Add(data);
        var e = (IEvent)Activator.CreateInstance(typeof(Event<>).MakeGenericType(data.GetType()), data)!;
        (e.Id, e.StreamId, e.Version) = (Guid.CreateVersion7(), streamId, after + 1);
        return e;
    }

    private static Defendant Copy(Defendant defendant) =>
        System.Text.Json.JsonSerializer.Deserialize<Defendant>(System.Text.Json.JsonSerializer.Serialize(defendant))!;
}
