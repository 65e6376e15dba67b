using System.Text.Json;
using FluentValidation;

namespace Campaign.Infrastructure.Validation;

public static class ValidationNames
{
    /// <summary>Errors name fields as the JSON does (<c>source.publishedOn</c>), not as C# does (<c>Source.PublishedOn</c>).</summary>
    public static void UseJsonFieldNames()
    {
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
    }
}
