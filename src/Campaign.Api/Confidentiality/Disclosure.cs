using System.Security.Claims;
using System.Text.Json;
using Campaign.Access;
using Microsoft.Extensions.Options;

namespace Campaign.Confidentiality;

/// <summary>Shapes a view for its reader: partners get the public fields only; the NGO's people get everything, opened.</summary>
public sealed class Disclosure(PersonalData personalData, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    private readonly JsonSerializerOptions publicJson = PublicJson.From(json.Value.SerializerOptions);

    public async Task<IResult> Show<T>(T view, ClaimsPrincipal reader, CancellationToken ct) where T : class
    {
        if (reader.IsInRole(Role.Partner.RoleName())) return TypedResults.Json(view, publicJson);
        await personalData.Open(view, ct);
        return TypedResults.Json(view, json.Value.SerializerOptions);
    }

    /// <summary>The view as <see cref="Show{T}"/> would answer it, as an object (for pages that render it).</summary>
    public async Task<T> Shape<T>(T view, ClaimsPrincipal reader, CancellationToken ct) where T : class
    {
        if (reader.IsInRole(Role.Partner.RoleName()))
            return JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(view, publicJson), json.Value.SerializerOptions)!;
        await personalData.Open(view, ct);
        return view;
    }

    /// <summary>Whether the reader may learn fields of that classification (as <see cref="Show{T}"/> decides).</summary>
    public static bool MaySee(ClaimsPrincipal reader, Classification level) =>
        level == Classification.Public || !reader.IsInRole(Role.Partner.RoleName());
}
