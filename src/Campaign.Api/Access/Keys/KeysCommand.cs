using JasperFx.CommandLine;

namespace Campaign.Access.Keys;

public sealed class KeysInput : NetCoreInput
{
    [Description("create or revoke")]
    public string Action { get; set; } = "";

    [Description("The new key's role: admin (default), staff, partner or auditor")]
    public string RoleFlag { get; set; } = "admin";

    [Description("Whom the new key is for (default admin)")]
    public string OwnerFlag { get; set; } = "admin";

    [Description("The id of the key to revoke")]
    public string? IdFlag { get; set; }
}

/// <summary><c>dotnet run --project src/Campaign.Api -- keys create --role admin --owner alice@ngo.example</c></summary>
[Description("Creates an API key (printed once) or revokes one", Name = "keys")]
public sealed class KeysCommand : JasperFxAsyncCommand<KeysInput>
{
    public override async Task<bool> Execute(KeysInput input)
    {
        using var host = input.BuildHost();
        var issuer = host.Services.GetRequiredService<KeyIssuer>();
        if (input.Action.Equals("revoke", StringComparison.OrdinalIgnoreCase))
        {
            if (input.IdFlag is null) throw new ArgumentException("keys revoke needs --id");
            await issuer.Revoke(input.IdFlag, "keys command");
            Console.WriteLine($"Revoked key {input.IdFlag}.");
            return true;
        }

        if (!input.Action.Equals("create", StringComparison.OrdinalIgnoreCase)) throw new ArgumentException("keys create, or keys revoke --id <id>");
        if (!Enum.TryParse<Role>(input.RoleFlag, ignoreCase: true, out var role)) throw new ArgumentException($"No role '{input.RoleFlag}'.");
        var issued = await issuer.Issue(input.OwnerFlag, role, "Created with the keys command", null, "keys command");
        Console.WriteLine($"{issued.Role.RoleName()} key for {issued.Owner} (id {issued.Id}); it is shown only now:");
        Console.WriteLine(issued.Key);
        return true;
    }
}
