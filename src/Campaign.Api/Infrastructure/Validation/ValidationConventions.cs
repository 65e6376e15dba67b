using System.Text.Json;
using FluentValidation;

namespace Campaign.Infrastructure.Validation;

public static class ValidationConventions
{
    /// <summary>
    /// Errors name fields as the JSON does (<c>source.publishedOn</c>), not as C# does (<c>Source.PublishedOn</c>),
    /// and a field's rules stop at its first failure, so that a missing value is not also tested for its shape.
    /// </summary>
    public static void Apply()
    {
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
    }
}
