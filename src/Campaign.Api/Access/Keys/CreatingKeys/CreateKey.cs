using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Wolverine.Http;

namespace Campaign.Access.Keys.CreatingKeys;

/// <param name="Owner">The person or service the key is for, e.g. alice@ngo.example; events it records are attributed to it.</param>
public sealed record CreateKey(string Owner, Role? Role, string? Description, DateTimeOffset? ExpiresAt)
{
    public sealed class Validator : AbstractValidator<CreateKey>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(c => c.Owner).NotEmpty().MaximumLength(200).Must(o => !o.Contains('|')).WithMessage("'{PropertyName}' cannot contain '|'.");
            RuleFor(c => c.Role).NotNull().IsInEnum();
            RuleFor(c => c.Description).MaximumLength(500);
            RuleFor(c => c.ExpiresAt).GreaterThan(_ => clock.GetUtcNow()).When(c => c.ExpiresAt.HasValue)
                .WithMessage("'{PropertyName}' must be in the future.");
        }
    }
}

public static class CreateKeyEndpoint
{
    /// <remarks>The key is in this answer only: it is stored as a salted hash.</remarks>
    [WolverinePost("/api/keys", OperationId = "CreateKey"), Authorize(Policy = Policies.Administer)]
    public static async Task<Created<IssuedKey>> Post(CreateKey command, KeyIssuer keys, ClaimsPrincipal user, CancellationToken ct)
    {
        var issued = await Create(command, keys, user, ct);
        return TypedResults.Created($"/api/keys/{issued.Id}", issued);
    }

    /// <summary>Issues the key a validated command describes, on behalf of <paramref name="user"/> (the API and the console).</summary>
    public static Task<IssuedKey> Create(CreateKey command, KeyIssuer keys, ClaimsPrincipal user, CancellationToken ct) =>
        keys.Issue(command.Owner.Trim(), command.Role!.Value, command.Description, command.ExpiresAt, user.Identity!.Name!, ct);
}
