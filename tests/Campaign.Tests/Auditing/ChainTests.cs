using Campaign.Auditing.Chain;
using Campaign.Tests.Support;
using Npgsql;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Auditing;

[Collection(AuditCollection.Name)]
public sealed class ChainTests(AuditFixture audit) : IAsyncLifetime
{
    private List<long> positions = [];

    public async Task InitializeAsync()
    {
        await audit.Reset();
        for (var i = 0; i < 3; i++)
        {
            var (_, defendant, _) = await audit.Staff.ChargedDefendant();
            for (var j = 0; j < 8; j++) await audit.Staff.Post($"/api/defendants/{defendant}/detentions", Detention());
        }
        await audit.Dedicated.CaughtUp();
        positions = await audit.Dedicated.PositionsAfter(0);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<ChainVerification> Verify() => audit.Auditor.Get<ChainVerification>("/api/audit/verify");

    [Fact]
    public async Task An_untouched_store_verifies_with_its_signed_checkpoints()
    {
        var report = await Verify();

        Assert.True(report.Intact, report.Problem);
        Assert.Equal(("intact", true, positions[^1], positions[^1]), (report.Status, report.Complete, report.VerifiedUpTo, report.LastEvent));
        Assert.True(report.CheckpointsVerified >= 1);
        Assert.Equal((await audit.Auditor.Get<PublicKeyView>("/api/audit/public-key")).PublicKey, report.PublicKey);
    }

    [Fact]
    public async Task The_database_refuses_to_change_or_delete_an_event()
    {
        await using var connection = new NpgsqlConnection(audit.Dedicated.ConnectionString);
        await connection.OpenAsync();

        var update = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand("update mt_events set data = '{}'", connection).ExecuteNonQueryAsync());
        var delete = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand("delete from mt_events", connection).ExecuteNonQueryAsync());

        Assert.Contains("never changed or deleted", update.MessageText);
        Assert.Contains("never changed or deleted", delete.MessageText);
        Assert.True((await Verify()).Intact);
    }

    [Fact]
    public async Task Altering_one_events_data_is_found_at_its_position()
    {
        var altered = positions[10];
        await audit.Dedicated.Tamper($"update mt_events set data = jsonb_set(data, '{{place}}', '\"Elsewhere\"') where seq_id = {altered}");

        var report = await Verify();

        Assert.Equal((false, altered), (report.Intact, report.FirstMismatch));
    }

    [Fact]
    public async Task Deleting_one_event_is_found_at_its_position()
    {
        var deleted = positions[7];
        await audit.Dedicated.Tamper($"delete from mt_events where seq_id = {deleted}");

        Assert.Equal(deleted, (await Verify()).FirstMismatch);
    }

    [Fact]
    public async Task Deleting_the_last_event_is_found_at_its_position()
    {
        await audit.Dedicated.Tamper($"delete from mt_events where seq_id = {positions[^1]}");

        var report = await Verify();

        Assert.Equal(("broken", positions[^1]), (report.Status, report.FirstMismatch));
    }

    [Fact]
    public async Task Swapping_two_events_is_found_at_the_first_of_them()
    {
        var (first, second) = (positions[12], positions[15]);
        await audit.Dedicated.Tamper($"""
            update mt_events set seq_id = -1 where seq_id = {first};
            update mt_events set seq_id = {first} where seq_id = {second};
            update mt_events set seq_id = {second} where seq_id = -1
            """);

        Assert.Equal(first, (await Verify()).FirstMismatch);
    }

    [Fact]
    public async Task A_checkpoint_on_demand_is_signed_with_the_published_key_and_a_forged_one_is_caught()
    {
        var admin = await audit.Dedicated.As(Campaign.Access.Role.Admin, "admin@audit.test");
        await audit.Auditor.Post<object>("/api/audit/checkpoints", new { }, 403); // auditors write nothing
        var checkpoint = await admin.Post<CheckpointView>("/api/audit/checkpoints", new { }, 201);
        var key = (await audit.Auditor.Get<PublicKeyView>("/api/audit/public-key")).PublicKey;

        Assert.Equal(positions[^1], checkpoint.Position);
        Assert.True(AuditSigner.IsSignedBy(new ChainCheckpoint
        {
            Id = checkpoint.Position, Hash = checkpoint.Hash, SignedAt = checkpoint.SignedAt, PublicKey = checkpoint.PublicKey, Signature = checkpoint.Signature,
        }, key));

        await audit.Dedicated.Tamper($"update mt_doc_chaincheckpoint set data = jsonb_set(data, '{{hash}}', '\"{new string('a', 64)}\"') where id = {checkpoint.Position}");
        var report = await Verify();
        Assert.Equal((false, checkpoint.Position), (report.Intact, report.FirstMismatch));
    }
}
