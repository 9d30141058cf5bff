namespace OnlineChat.Backplane;

/// <summary>
/// The scripts that read or change the directory, and those that route a message by it (files under
/// Scripts/; Scripts/helpers.lua describes every key they use). Each runs atomically in Redis, which is
/// what makes a name claimed on two gateways at the same moment go to exactly one of them, a group never
/// half-joined, and a message routed by the membership of the moment it is sent.
/// </summary>
internal static class DirectoryScripts
{
    public static readonly DirectoryScript Claim = DirectoryScript.Load("claim");
    public static readonly DirectoryScript Release = DirectoryScript.Load("release");
    public static readonly DirectoryScript Reclaim = DirectoryScript.Load("reclaim");
    public static readonly DirectoryScript RegisterAccount = DirectoryScript.Load("register-account");
    public static readonly DirectoryScript LogIn = DirectoryScript.Load("log-in");
    public static readonly DirectoryScript CarryGroups = DirectoryScript.Load("carry-groups");
    public static readonly DirectoryScript SetPassword = DirectoryScript.Load("set-password");
    public static readonly DirectoryScript ResetPassword = DirectoryScript.Load("reset-password");
    public static readonly DirectoryScript RecordLoginFailure = DirectoryScript.Load("record-login-failure");
    public static readonly DirectoryScript CreateGroup = DirectoryScript.Load("create-group");
    public static readonly DirectoryScript JoinGroup = DirectoryScript.Load("join-group");
    public static readonly DirectoryScript LeaveGroup = DirectoryScript.Load("leave-group");
    public static readonly DirectoryScript Publish = DirectoryScript.Load("publish");
    public static readonly DirectoryScript History = DirectoryScript.Load("history");
    public static readonly DirectoryScript MakeResumable = DirectoryScript.Load("make-resumable");
    public static readonly DirectoryScript Suspend = DirectoryScript.Load("suspend");
    public static readonly DirectoryScript Resume = DirectoryScript.Load("resume");
    public static readonly DirectoryScript AllGroups = DirectoryScript.Load("all-groups");
    public static readonly DirectoryScript GroupMembers = DirectoryScript.Load("group-members");
    public static readonly DirectoryScript SetGroupMode = DirectoryScript.Load("set-group-mode");
    public static readonly DirectoryScript InviteToGroup = DirectoryScript.Load("invite-to-group");
    public static readonly DirectoryScript KickFromGroup = DirectoryScript.Load("kick-from-group");
    public static readonly DirectoryScript GroupsOfUser = DirectoryScript.Load("groups-of-user");
    public static readonly DirectoryScript RenewLease = DirectoryScript.Load("renew-lease");
    public static readonly DirectoryScript MarkDeployment = DirectoryScript.Load("mark-deployment");
    public static readonly DirectoryScript TakeExpiredLease = DirectoryScript.Load("take-expired-lease");
}
