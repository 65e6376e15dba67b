using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using Campaign.Confidentiality;
using Campaign.Evidence.Attaching;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Campaign.Evidence;

/// <summary>A file received and staged, not yet evidence: its SHA-256, its size, and the key of its parts when it is confidential.</summary>
/// <remarks>Its text is its hash: the fingerprint of a command sent again with its Idempotency-Key covers the file, not where it was staged.</remarks>
public sealed record StagedFile(Guid Upload, string Sha256, long Size, byte[]? ContentKey)
{
    public override string ToString() => $"sha256:{Sha256}";
}

/// <summary>
/// Evidence files in PostgreSQL, in parts of 256 KiB, streamed in and out (never whole in memory). A request's body is
/// first staged (<see cref="Stage"/>) while it is hashed; the write that records its event moves it to the content table in
/// its own transaction (<see cref="Keep"/>), so only files whose event was committed are ever served, and a failed or
/// abandoned upload is deleted (at once, or by the housekeeping). A public file is stored under its SHA-256, once whatever
/// the number of attachments; a confidential one is encrypted (AES-256-GCM, a key of its own per attachment, which its
/// event keeps sealed with the subject's key) and stored per attachment, so that equal ciphertexts never tell equal files.
/// </summary>
public sealed class EvidenceStore(IDocumentStore store, IOptions<EvidenceOptions> options, TimeProvider clock)
{
    public const string UploadsTable = "campaign_evidence_uploads";
    public const string ContentTable = "campaign_evidence_content";
    public const int PartSize = 256 * 1024;

    /// <summary>Reads the body to its end into staged parts; throws <see cref="FileTooLarge"/> past the limit, keeping nothing.</summary>
    public async Task<StagedFile> Stage(Stream body, bool confidential, CancellationToken ct)
    {
        var upload = Guid.CreateVersion7();
        var key = confidential ? RandomNumberGenerator.GetBytes(32) : null;
        var limit = options.Value.MaxFileBytes;
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(PartSize);
        long size = 0;
        try
        {
            await using var connection = store.Storage.Database.CreateConnection();
            await connection.OpenAsync(ct);
            for (var part = 0; ; part++)
            {
                var read = await body.ReadAtLeastAsync(buffer.AsMemory(0, PartSize), PartSize, throwOnEndOfStream: false, ct);
                if (read == 0) break;
                if ((size += read) > limit) throw new FileTooLarge(limit);
                sha256.AppendData(buffer, 0, read);
                var data = key is null ? buffer[..read] : Seal(key, upload, part, buffer.AsSpan(0, read));
                await using var insert = new NpgsqlCommand($"insert into {UploadsTable} (upload, part, data, staged_at) values ($1, $2, $3, $4)", connection);
                insert.Parameters.Add(new() { Value = upload });
                insert.Parameters.Add(new() { Value = part });
                insert.Parameters.Add(new() { Value = data });
                insert.Parameters.Add(new() { Value = clock.GetUtcNow() });
                await insert.ExecuteNonQueryAsync(ct);
                if (read < PartSize) break;
            }
        }
        catch
        {
            await Discard(upload);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return new StagedFile(upload, Convert.ToHexStringLower(sha256.GetHashAndReset()), size, key);
    }

    /// <summary>Deletes what is left of a staged file (nothing, once its write has kept it).</summary>
    public async Task Discard(Guid upload)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var delete = new NpgsqlCommand($"delete from {UploadsTable} where upload = $1", connection);
        delete.Parameters.Add(new() { Value = upload });
        await delete.ExecuteNonQueryAsync();
    }

    /// <summary>In the write's transaction: the staged parts become the file's content (already there for a public file seen before).</summary>
    public static void Keep(IDocumentSession session, StagedFile file, EvidenceAttached attached)
    {
        if (attached.Confidential)
            session.QueueSqlCommand($"insert into {ContentTable} (address, part, data, subject) select ?, part, data, ? from {UploadsTable} where upload = ?",
                AddressOf(attached), attached.DefendantId, file.Upload);
        else
            session.QueueSqlCommand($"insert into {ContentTable} (address, part, data) select ?, part, data from {UploadsTable} where upload = ? " +
                "on conflict do nothing", AddressOf(attached), file.Upload);
        session.QueueSqlCommand($"delete from {UploadsTable} where upload = ?", file.Upload);
    }

    /// <summary>On erasure, in its transaction: the subject's confidential files go with their key.</summary>
    public static void Forget(IDocumentSession session, Guid subject) =>
        session.QueueSqlCommand($"delete from {ContentTable} where subject = ?", subject);

    /// <summary>Staged parts older than a day were abandoned (the process stopped before their write ended).</summary>
    public static void ForgetAbandoned(IDocumentSession session, DateTimeOffset before) =>
        session.QueueSqlCommand($"delete from {UploadsTable} where staged_at < ?", before);

    public static string AddressOf(EvidenceAttached attached) =>
        attached.Confidential ? $"{attached.DefendantId:N}/{attached.FileId:N}" : attached.Sha256;

    /// <summary>The file's parts in order, opened with <paramref name="key"/> when it is confidential; each read on its own, so no statement stays open while they are sent.</summary>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> Read(EvidenceAttached attached, byte[]? key,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        for (var part = 0; ; part++)
        {
            await using var select = new NpgsqlCommand($"select data from {ContentTable} where address = $1 and part = $2", connection);
            select.Parameters.Add(new() { Value = AddressOf(attached) });
            select.Parameters.Add(new() { Value = part });
            if (await select.ExecuteScalarAsync(ct) is not byte[] data) yield break;
            yield return key is null ? data : Open(key, attached.FileId, part, data) ?? [];
        }
    }

    /// <summary>The SHA-256 of what is stored of the file (lower-case hex), read through once.</summary>
    public async Task<string> Hash(EvidenceAttached attached, byte[]? key, CancellationToken ct)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await foreach (var part in Read(attached, key, ct)) sha256.AppendData(part.Span);
        return Convert.ToHexStringLower(sha256.GetHashAndReset());
    }

    private static byte[] Seal(byte[] key, Guid file, int part, ReadOnlySpan<byte> clear) => Aead.Seal(key, clear, Bound(file, part));

    /// <summary>A part opened, or null when it does not open (another file's part, moved, or altered): the hash check then refuses the file.</summary>
    private static byte[]? Open(byte[] key, Guid file, int part, byte[] sealedPart) => Aead.Open(key, sealedPart, Bound(file, part));

    /// <summary>Each part is bound to its file and its place in it.</summary>
    private static byte[] Bound(Guid file, int part)
    {
        var bound = new byte[20];
        file.TryWriteBytes(bound);
        BinaryPrimitives.WriteInt32BigEndian(bound.AsSpan(16), part);
        return bound;
    }

    public static IEnumerable<Table> Tables(string schema)
    {
        var uploads = new Table(new PostgresqlObjectName(schema, UploadsTable, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        uploads.AddColumn<Guid>("upload").AsPrimaryKey();
        uploads.AddColumn<int>("part").AsPrimaryKey();
        uploads.AddColumn("data", "bytea").NotNull();
        uploads.AddColumn<DateTimeOffset>("staged_at").NotNull();
        yield return uploads;

        var content = new Table(new PostgresqlObjectName(schema, ContentTable, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        content.AddColumn<string>("address").AsPrimaryKey();
        content.AddColumn<int>("part").AsPrimaryKey();
        content.AddColumn("data", "bytea").NotNull();
        content.AddColumn<Guid>("subject");
        content.Indexes.Add(new IndexDefinition($"{ContentTable}_subject") { Columns = ["subject"] });
        yield return content;
    }
}
