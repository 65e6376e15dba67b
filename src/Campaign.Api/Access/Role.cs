namespace Campaign.Access;

/// <summary>What a credential may do. Everything not granted is denied.</summary>
public enum Role
{
    /// <summary>Manages keys and campaign membership; reads and writes every campaign.</summary>
    Admin,

    /// <summary>Reads and writes the campaigns they are members of, and nothing else.</summary>
    Staff,

    /// <summary>Reads public data only.</summary>
    Partner,

    /// <summary>Reads everything, history included; writes nothing.</summary>
    Auditor,
}

public static class CampaignClaims
{
    public const string KeyId = "key_id";
    public const string Campaign = "campaign";

    public static string RoleName(this Role role) => role.ToString().ToLowerInvariant();
}
