using System.Security.Claims;
using Campaign.Access;
using Campaign.Confidentiality;
using Campaign.Defendants;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace Campaign.StaffConsole.Search;

public sealed record SearchCriteria(string? Name, string? LegalBasis, CustodyStatus? Custody, string? Place, DateOnly? From, DateOnly? To,
    Guid? CampaignId = null)
{
    public bool IsEmpty => Name is not { Length: > 0 } && LegalBasis is not { Length: > 0 } && Custody is null && Place is not { Length: > 0 }
        && From is null && To is null;

    /// <summary>Only custody and legal basis describe defendants alone; the other criteria find campaigns too.</summary>
    public bool CampaignsToo => Custody is null && LegalBasis is not { Length: > 0 } && From is null && To is null;
}

public sealed record Found(Guid Id, string Kind, Guid CampaignId, string Name, string? LegalBases, CustodyStatus? Custody, string? Places);

/// <summary>
/// Finds defendants and campaigns in PostgreSQL: words by trigram (any part of a name, a legal basis or a place, any case),
/// days by overlap with the developments' days, and legal names through their blind index, for readers entitled to them.
/// Staff find only what is in their campaigns.
/// </summary>
public sealed class DefendantSearch(IDocumentStore store, LegalNameIndex legalNames)
{
    public const int Limit = 200;

    public async Task<IReadOnlyList<Found>> Find(SearchCriteria criteria, ClaimsPrincipal reader, CancellationToken ct)
    {
        if (criteria.IsEmpty) return [];
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = Command(criteria, reader, connection);
        var found = new List<Found>();
        await using var rows = await command.ExecuteReaderAsync(ct);
        while (await rows.ReadAsync(ct))
            found.Add(new(rows.GetGuid(0), rows.GetString(1), rows.GetGuid(2), rows.GetString(3), rows.IsDBNull(4) ? null : rows.GetString(4),
                rows.IsDBNull(5) ? null : Enum.TryParse<CustodyStatus>(rows.GetString(5), out var custody) ? custody : null,
                rows.IsDBNull(6) ? null : rows.GetString(6)));
        return found;
    }

    /// <summary>The query, with a condition for each criterion given, so that the planner can use each one's index.</summary>
    public NpgsqlCommand Command(SearchCriteria criteria, ClaimsPrincipal reader, NpgsqlConnection connection)
    {
        var command = new NpgsqlCommand { Connection = connection };
        var where = new List<string>();
        if (!criteria.CampaignsToo) where.Add("s.kind = 'defendant'");
        if (criteria.CampaignId is { } campaign) where.Add($"s.campaign_id = {Parameter(command, campaign)}");
        if (reader.VisibleCampaigns() is { } visible) where.Add($"s.campaign_id = any({Parameter(command, visible.ToArray())})");
        if (criteria.Name is { Length: > 0 } name)
        {
            var byName = $"s.id in (select id from {SearchIndex.TableName} where name ilike {Parameter(command, Like(name))}";
            var tokens = legalNames.Tokens(name);
            if (Disclosure.MaySee(reader, Classification.Confidential) && tokens.Length > 0)
                byName += $" union all select id from {LegalNameIndex.TableName} where tokens @> {Parameter(command, tokens)}";
            where.Add(byName + ")");
        }
        if (criteria.LegalBasis is { Length: > 0 } basis) where.Add($"s.legal_bases ilike {Parameter(command, Like(basis))}");
        if (criteria.Custody is { } custody) where.Add($"s.custody = {Parameter(command, custody.ToString())}");
        if (criteria.Place is { Length: > 0 } place) where.Add($"s.places ilike {Parameter(command, Like(place))}");
        if (criteria.From is not null || criteria.To is not null)
        {
            var range = new NpgsqlRange<DateOnly>(criteria.From ?? DateOnly.MinValue, true, criteria.From is null, criteria.To ?? DateOnly.MaxValue, true, criteria.To is null);
            where.Add($"s.days && {Parameter(command, range)}");
        }
        command.CommandText = $"select s.id, s.kind, s.campaign_id, s.name, s.legal_bases, s.custody, s.places from {SearchIndex.TableName} s " +
            $"where {string.Join(" and ", where.DefaultIfEmpty("true"))} order by s.kind, s.name limit {Limit}";
        return command;
    }

    private static string Parameter(NpgsqlCommand command, object value)
    {
        var name = $"p{command.Parameters.Count}";
        command.Parameters.Add(value is NpgsqlRange<DateOnly> range
            ? new NpgsqlParameter(name, NpgsqlDbType.DateRange) { Value = range }
            : new NpgsqlParameter(name, value));
        return "@" + name;
    }

    /// <summary>Contains, with LIKE's own wildcards taken literally.</summary>
    private static string Like(string text) => "%" + text.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}
