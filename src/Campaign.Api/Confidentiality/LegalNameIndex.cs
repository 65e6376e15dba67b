using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Marten;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Campaign.Confidentiality;

/// <summary>
/// A keyed blind index of legal names, which are stored only sealed: each word of a name, normalised (lower case, no
/// accents), kept as an HMAC-SHA256 with a key derived from the master key. Whoever may read legal names can find a
/// defendant by a word of one; a copy of the database alone cannot test a guessed name (with a master key configured).
/// Erasing a defendant's personal data deletes their entry.
/// </summary>
public sealed class LegalNameIndex(MasterKey master)
{
    public const string Purpose = "legal-name-index";
    public const string TableName = "campaign_legal_names";

    private readonly byte[] key = master.Derive(Purpose) ?? SHA256.HashData(Encoding.UTF8.GetBytes(Purpose));

    /// <summary>The index entries of a name's words (or a query's): "Ерлан Қали" and "ерлан қали" give the same.</summary>
    public string[] Tokens(string? name) => Words(name).Select(word => Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(word)), 0, 16)).ToArray();

    /// <summary>Records a defendant's legal name in the same transaction as the registration that seals it.</summary>
    public void Record(IDocumentSession session, Guid defendantId, Guid campaignId, string legalName) =>
        session.QueueSqlCommand($"insert into {TableName} (id, campaign_id, tokens) values (?, ?, ?) " +
            "on conflict (id) do update set tokens = excluded.tokens", defendantId, campaignId, Tokens(legalName));

    public static void Forget(IDocumentSession session, Guid defendantId) =>
        session.QueueSqlCommand($"delete from {TableName} where id = ?", defendantId);

    public static IEnumerable<string> Words(string? text)
    {
        var plain = new StringBuilder();
        foreach (var c in (text ?? "").Normalize(NormalizationForm.FormD))
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) plain.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        return plain.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct();
    }

    public static Table Table(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, TableName, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("id").AsPrimaryKey();
        table.AddColumn<Guid>("campaign_id").NotNull();
        table.AddColumn("tokens", "text[]").NotNull();
        table.Indexes.Add(new IndexDefinition($"{TableName}_tokens") { Columns = ["tokens"], Method = IndexMethod.gin });
        return table;
    }
}
