namespace OnlineChat.Backplane;

/// <summary>A group member and where to reach them; <see cref="Token"/> is null when they are not online.</summary>
public sealed record GroupMember(string User, string? Token)
{
    public string? GatewayId => Token is null ? null : SessionToken.GatewayOf(Token);
}

/// <summary>What a user leaving a group changed: who is left to tell and who owns it now.</summary>
public sealed record GroupDeparture(string Group, string? NewOwner, IReadOnlyList<GroupMember> Remaining);

public sealed record GroupSummary(string Group, string Owner, long Members);

public enum GroupOutcome
{
    Ok,

    /// <summary>The caller's login is no longer in the directory (it was cleaned up); nothing changed.</summary>
    SessionLost,
    AlreadyExists,
    NoSuchGroup,
    AlreadyMember,
    NotMember,
}

public sealed record GroupMembersResult(GroupOutcome Outcome, IReadOnlyList<GroupMember> Members);

public sealed record GroupLeaveResult(GroupOutcome Outcome, GroupDeparture? Departure);
