using System.Security.Claims;
using Campaign.Access;
using Campaign.Auditing.History;
using Campaign.Confidentiality;
using Campaign.Defendants;
using Campaign.Defendants.ChangingCustody;
using Campaign.Defendants.Registering;
using Campaign.Developments;
using Campaign.Infrastructure.Writing;
using Campaign.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Writing;

/// <summary>
/// Commands sent in process, as the staff console and an importer send them, not over HTTP: the write path's policies
/// (validation, attribution, sealing, idempotency, the expected version) apply all the same.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class WritePathTests(AppFixture app)
{
    private readonly string tag = Guid.NewGuid().ToString("N")[..8];

    private static readonly ClaimsPrincipal Console = new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, "console@test"), new Claim(ClaimTypes.Role, Role.Staff.RoleName()), new Claim(CampaignClaims.KeyId, "console-key")],
        "console"));

    private async Task<T> Send<T>(Command command, WriteOptions? options = null)
    {
        await using var scope = app.Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Commands>().Send<T>(command, Console, options);
    }

    private Task<WriteResult> Send(Command command, WriteOptions? options = null) => Send<WriteResult>(command, options);

    private async Task<Guid> Defendant() => await app.Api.RegisterDefendant(await app.Api.LaunchCampaign());

    private ChangeCustody WitnessedCustody(Guid defendant) => new(Jan22, CustodyStatus.PretrialDetention, null, null,
        new Source(null, $"Witness {tag}", Jan22, Kind: SourceKind.Witness, Confidential: true)) { DefendantId = defendant };

    [Fact]
    public async Task A_command_sent_in_process_is_validated_field_by_field_and_writes_nothing()
    {
        var defendant = await Defendant();

        var invalid = await Assert.ThrowsAsync<InvalidCommand>(() =>
            Send(new ChangeCustody(Jan22, null, new string('x', 301), null, Report) { DefendantId = defendant }));

        Assert.Equal(["place", "status"], invalid.Errors.Keys.Order());
        Assert.Equal(1, await app.EventCount(defendant));
    }

    [Fact]
    public async Task A_command_sent_in_process_is_attributed_to_its_sender_and_its_confidential_fields_are_sealed()
    {
        var defendant = await Defendant();

        var written = await Send(WitnessedCustody(defendant));

        var entry = (await app.Admin.Get<List<HistoryEntry>>($"/api/streams/{defendant}/events")).Single(h => h.Version == written.Version);
        Assert.Equal((written.Sequence, "console@test"), (entry.Position, entry.RecordedBy));
        Assert.Equal("console-key", entry.Headers!["credential"].ToString());
        Assert.Equal($"Witness {tag}", entry.Source!.Publisher);
        Assert.Equal(0, await app.EventsContaining($"Witness {tag}"));
        Assert.Equal(0, await app.DocumentsContaining($"Witness {tag}"));
    }

    [Fact]
    public async Task A_legal_name_registered_in_process_is_sealed_in_the_event_and_in_the_views_kept_with_the_write()
    {
        var campaign = await app.Api.LaunchCampaign();

        var written = await Send(new RegisterDefendant("Alias", $"Legal name {tag}") { CampaignId = campaign });

        Assert.Equal(0, await app.EventsContaining($"Legal name {tag}"));
        Assert.Equal(0, await app.DocumentsContaining($"Legal name {tag}"));
        await using (var session = app.Store.QuerySession())
            Assert.True(Sealing.IsSealed((await session.LoadAsync<DefendantView>(written.Id))!.LegalName!));
        Assert.Equal($"Legal name {tag}", (await app.Admin.Defendant(written.Id)).LegalName);
    }

    [Fact]
    public async Task A_command_sent_in_process_with_a_key_is_written_once_and_the_key_serves_one_command_only()
    {
        var defendant = await Defendant();
        var key = new WriteOptions(IdempotencyKey: $"console-{tag}");

        var first = await Send(WitnessedCustody(defendant), key);
        var again = await Send(WitnessedCustody(defendant), key);

        Assert.Equal(first, again);
        Assert.Equal(2, await app.EventCount(defendant));
        await Assert.ThrowsAsync<IdempotencyKeyReused>(() => Send(WitnessedCustody(defendant) with { Place = "Elsewhere" }, key));
    }

    [Fact]
    public async Task A_command_sent_in_process_on_a_stale_version_conflicts()
    {
        var defendant = await Defendant();
        await Send(WitnessedCustody(defendant));

        var stale = await Assert.ThrowsAsync<VersionConflict>(() => Send(WitnessedCustody(defendant), new WriteOptions(ExpectedVersion: 1)));
        var contradicted = await Assert.ThrowsAsync<InvalidReference>(() =>
            Send(WitnessedCustody(defendant) with { ExpectedVersion = 2 }, new WriteOptions(ExpectedVersion: 3)));

        Assert.Contains("not the expected 1", stale.Message);
        Assert.Equal("expectedVersion", contradicted.Field);
        Assert.Equal(3, (await Send(WitnessedCustody(defendant), new WriteOptions(ExpectedVersion: 2))).Version);
    }

    [Fact]
    public async Task A_command_for_a_stream_that_does_not_exist_is_not_found()
    {
        await Assert.ThrowsAsync<NotFound>(() => Send(WitnessedCustody(Guid.NewGuid())));
    }

    [Fact]
    public async Task A_command_invoked_on_the_bus_by_no_one_is_refused_and_writes_nothing()
    {
        var defendant = await Defendant();
        await using var scope = app.Host.Services.CreateAsyncScope();

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync<WriteResult>(WitnessedCustody(defendant)));

        Assert.Equal(1, await app.EventCount(defendant));
    }
}
