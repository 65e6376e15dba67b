using System.Globalization;
using System.Security.Claims;
using Campaign.Access;
using Wolverine;

namespace Campaign.Infrastructure.Writing;

/// <summary>What a caller may add to a command: a key to make a retry harmless, the stream version it decided on.</summary>
public sealed record WriteOptions(string? IdempotencyKey = null, long? ExpectedVersion = null);

/// <summary>
/// The entry point of every write, whatever it comes from (the API, the staff console's forms, an importer): sends a command
/// to its handler, in process, as the given user, and answers what it wrote once it is committed.
/// </summary>
/// <remarks>
/// Throws <see cref="InvalidCommand"/> (the errors per field), <see cref="NotFound"/>, <see cref="VersionConflict"/>,
/// <see cref="StateConflict"/>, <see cref="InvalidReference"/> or <see cref="IdempotencyKeyReused"/>: each a
/// <see cref="Rejection"/> with its HTTP status. Nothing is written when it throws.
/// </remarks>
public sealed class Commands(IMessageContext bus)
{
    public Task<WriteResult> Send(Command command, ClaimsPrincipal user, WriteOptions? options = null, CancellationToken ct = default) =>
        Send<WriteResult>(command, user, options, ct);

    public async Task<T> Send<T>(Command command, ClaimsPrincipal user, WriteOptions? options = null, CancellationToken ct = default)
    {
        bus.UserName = user.Identity?.Name ?? throw new InvalidOperationException("Writes are made by someone: the user has no name.");
        var delivery = new DeliveryOptions();
        if (user.FindFirst(CampaignClaims.KeyId)?.Value is { } keyId) delivery.Headers[Caller.CredentialHeader] = keyId;
        delivery.Headers[Caller.RolesHeader] = string.Join(',', Enum.GetValues<Role>().Select(r => r.RoleName()).Where(user.IsInRole));
        if (options?.IdempotencyKey is { } key) delivery.Headers[Idempotency.KeyHeader] = key;
        if (options?.ExpectedVersion is { } version)
            delivery.Headers[Writing.ExpectedVersion.Header] = version.ToString(CultureInfo.InvariantCulture);
        return await bus.InvokeAsync<T>(command, delivery, ct);
    }
}

/// <summary>Who sends a command, as its envelope tells: their name, the credential used, their roles.</summary>
public sealed record Caller(string Name, string? KeyId, IReadOnlyList<string> Roles)
{
    public const string CredentialHeader = "credential";
    public const string RolesHeader = "roles";

    public bool IsIn(Role role) => Roles.Contains(role.RoleName());

    public static Caller Of(Envelope envelope) => new(
        envelope.UserName ?? throw new InvalidOperationException("Writes are made by someone: send commands with Commands.Send."),
        envelope.Headers.TryGetValue(CredentialHeader, out var keyId) ? keyId : null,
        envelope.Headers.TryGetValue(RolesHeader, out var roles) && roles is { Length: > 0 } ? roles.Split(',') : []);
}
