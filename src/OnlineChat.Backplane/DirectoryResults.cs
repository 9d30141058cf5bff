using OnlineChat.Protocol;

namespace OnlineChat.Backplane;

/// <summary>A group member and where to reach them; <see cref="Token"/> is null when they are not online.</summary>
public sealed record GroupMember(string User, string? Token)
{
    public string? GatewayId => Token is null ? null : SessionToken.GatewayOf(Token);
}

/// <summary>What a user leaving a group changed: who is left to tell and who owns it now.</summary>
public sealed record GroupDeparture(string Group, string? NewOwner, IReadOnlyList<GroupMember> Remaining);

/// <summary>
/// A group the guest who logged in to an account was in, now the account's: whether the account joined it (it
/// was not a member already), whether it owns it now (the guest did), and the members to tell.
/// </summary>
public sealed record CarriedGroup(string Group, bool Joined, bool Owns, IReadOnlyList<GroupMember> Members);

public sealed record GroupSummary(string Group, string Owner, long Members, bool InviteOnly = false);

/// <summary>A group's owner and members (in the order they joined; the owner among them).</summary>
public sealed record GroupRoster(string Group, string Owner, IReadOnlyList<string> Members);

/// <summary>What an owner's /invite or /kick did: the group as created, the user as spelled, their login if online.</summary>
public sealed record GroupAction(GroupOutcome Outcome, string? Group = null, string? User = null, string? UserToken = null, GroupDeparture? Departure = null);

public enum GroupOutcome
{
    Ok,

    /// <summary>The caller's login is no longer in the directory (it was cleaned up); nothing changed.</summary>
    SessionLost,
    AlreadyExists,
    NoSuchGroup,
    AlreadyMember,
    NotMember,

    /// <summary>The group is invite-only and the user was not invited.</summary>
    InviteOnly,

    /// <summary>The user is in as many groups as one may be (Presence:MaxGroupsPerUser).</summary>
    TooManyGroups,

    /// <summary>Only the group's owner may do that.</summary>
    NotOwner,

    /// <summary>An owner cannot remove themselves (they leave with /lg).</summary>
    Self,

    /// <summary>Nobody of that name is online and no account has it: there is nobody to invite.</summary>
    NoSuchUser,

    /// <summary>An /invite of someone (that login, or that account) invited already: not told a second time.</summary>
    AlreadyInvited,

    /// <summary>/private of a group that is invite-only, /public of one that is open: nothing to change.</summary>
    Unchanged,
}

/// <summary>A join: the group as created (any case may be asked for) and all its members, the joiner included.</summary>
public sealed record GroupMembersResult(GroupOutcome Outcome, string? Group, IReadOnlyList<GroupMember> Members);

public sealed record GroupLeaveResult(GroupOutcome Outcome, GroupDeparture? Departure);

public enum ClaimStatus
{
    Ok,

    /// <summary>The directory is being rebuilt after Redis lost it: users still connected get their names back first.</summary>
    Recovering,

    /// <summary>The gateway holds no lease (it was swept, or Redis lost it and it has not renewed yet).</summary>
    NoLease,

    /// <summary>The name and all its numbered variants are taken.</summary>
    Full,
}

/// <summary>
/// A claim: the name granted, whether the name asked for belongs to an account, and where the log ended as it
/// was granted (null for an empty log), from where the login's gateway reads what came for it meanwhile.
/// </summary>
public sealed record ClaimResult(ClaimStatus Status, string? Name, bool RequestedIsRegistered, LogId? At = null);

public enum AccountOutcome
{
    Ok,
    SessionLost,
    AlreadyRegistered,

    /// <summary>The user is not logged in to an account (a guest has no password to change).</summary>
    NotAnAccount,

    /// <summary>Only a moderator may set another account's password.</summary>
    NotModerator,

    /// <summary>No account has that name.</summary>
    NoSuchAccount,

    /// <summary>The client's address registered as many accounts as one may in the window (Presence:RegistrationsPerAddressPerHour).</summary>
    TooManyRegistrations,
}

/// <summary>An account as stored: the name as registered and its password hash.</summary>
public sealed record StoredAccount(string Name, string PasswordHash);

/// <summary>Failed logins counted against an account or an address, and when the last one was (Unix ms).</summary>
public sealed record LoginFailures(long Count, long LastUnixMs)
{
    public static readonly LoginFailures None = new(0, 0);
}

public enum ResumeStatus
{
    Ok,

    /// <summary>The gateway asking holds no lease.</summary>
    NoLease,

    /// <summary>No such login to resume: its window passed, it was never resumable, or the secret is wrong.</summary>
    Unknown,
}

/// <summary>A resumed login: its name as spelled, and the token of the connection it replaced.</summary>
public sealed record ResumeResult(ResumeStatus Status, string? Name, string? ReplacedToken);
