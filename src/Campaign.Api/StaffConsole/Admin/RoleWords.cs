using Campaign.Access;

namespace Campaign.StaffConsole.Admin;

/// <summary>What each role may do, said plainly.</summary>
public static class RoleWords
{
    public static string Name(Role role) => role switch
    {
        Role.Admin => "Administrator",
        Role.Staff => "Staff",
        Role.Auditor => "Auditor",
        Role.Partner => "Partner",
        _ => role.ToString(),
    };

    public static string May(Role role) => role switch
    {
        Role.Admin => "reads and changes everything, and manages keys and campaign members",
        Role.Staff => "logs and follows the cases of the campaigns they are a member of",
        Role.Auditor => "reads everything, with its history, and changes nothing",
        Role.Partner => "a partner organisation's service: reads public data and the event feed; cannot sign in here",
        _ => "",
    };
}
