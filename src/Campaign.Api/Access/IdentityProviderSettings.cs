using System.ComponentModel.DataAnnotations;
using Campaign.Infrastructure.Settings;

namespace Campaign.Access;

/// <summary>
/// <c>Authentication:Jwt</c>, as <see cref="AccessConfiguration"/> reads it: the identity provider whose bearer tokens
/// the API accepts (<c>Authority</c> with <c>Audience</c>, or for a local set-up a symmetric <c>SigningKey</c> with <c>Issuer</c>).
/// </summary>
public sealed class JwtSettings : IValidatableObject
{
    [AbsoluteUrl] public string? Authority { get; set; }
    public string? Audience { get; set; }
    public string? SigningKey { get; set; }
    public string? Issuer { get; set; }
    public string? RoleClaim { get; set; }
    public string? NameClaim { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if ((Authority is { Length: > 0 } || SigningKey is { Length: > 0 }) && Audience is not { Length: > 0 })
            yield return new("must be set with Authentication:Jwt:Authority or SigningKey", [nameof(Audience)]);
        if (SigningKey is { Length: > 0 and < 32 })
            yield return new("must have at least 32 characters (256 bits)", [nameof(SigningKey)]);
    }
}

/// <summary><c>Authentication:Oidc</c>: the console's sign-in through the NGO's identity provider (StaffConsole/SignIn/IdentityProvider).</summary>
public sealed class OidcSettings : IValidatableObject
{
    [AbsoluteUrl] public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    public string? RoleClaim { get; set; }
    public string? NameClaim { get; set; }
    public bool? RequireHttpsMetadata { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (Authority is { Length: > 0 } && ClientId is not { Length: > 0 })
            yield return new("must be set with Authentication:Oidc:Authority", [nameof(ClientId)]);
    }
}
