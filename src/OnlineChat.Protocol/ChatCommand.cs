namespace OnlineChat.Protocol;

/// <summary>What a client asked for in one frame. Produced by <see cref="ChatCommandParser"/>.</summary>
public abstract record ChatCommand;

/// <summary>A blank line: the seed's client sends one when Enter is pressed on nothing. Ignored.</summary>
public sealed record EmptyLine : ChatCommand;

public sealed record BroadcastMessage(string Text) : ChatCommand;

public sealed record PrivateMessage(string To, string Text) : ChatCommand;

public sealed record GroupMessage(string Group, string Text) : ChatCommand;

public sealed record CreateGroup(string Group) : ChatCommand;

public sealed record JoinGroup(string Group) : ChatCommand;

public sealed record LeaveGroup(string Group) : ChatCommand;

/// <summary>/private: the owner makes the group invite-only.</summary>
public sealed record MakePrivate(string Group) : ChatCommand;

/// <summary>/public: the owner opens the group to anyone again.</summary>
public sealed record MakePublic(string Group) : ChatCommand;

/// <summary>/invite: the owner lets <see cref="User"/> join the invite-only group.</summary>
public sealed record Invite(string User, string Group) : ChatCommand;

/// <summary>/kick: the owner removes <see cref="User"/> from the group.</summary>
public sealed record Kick(string User, string Group) : ChatCommand;

/// <summary>/mute (moderators): <see cref="User"/>'s broadcasts, PMs and group messages are refused for a while.</summary>
public sealed record Mute(string User, int Minutes) : ChatCommand;

/// <summary>/unmute (moderators).</summary>
public sealed record Unmute(string User) : ChatCommand;

/// <summary>/mutes (moderators): who is muted, and until when.</summary>
public sealed record ListMutes : ChatCommand;

/// <summary>/members: who is in the group, owner first.</summary>
public sealed record ListMembers(string Group) : ChatCommand;

public sealed record ListMyGroups : ChatCommand;

/// <summary>/listallg [&lt;text&gt;]: every group the user may see, or those whose name contains the text.</summary>
public sealed record ListAllGroups(string? Containing = null) : ChatCommand;

/// <summary>/lo [&lt;text&gt;]: who is online, or those whose name contains the text.</summary>
public sealed record ListOnline(string? Containing = null) : ChatCommand;

public sealed record Help : ChatCommand;

public sealed record Quit : ChatCommand;

/// <summary>/register: makes the name in use an account with this password.</summary>
public sealed record Register(string Password) : ChatCommand
{
    public override string ToString() => "Register { Password = *** }";
}

/// <summary>/login: become the account <see cref="Name"/>.</summary>
public sealed record LogIn(string Name, string Password) : ChatCommand
{
    public override string ToString() => $"LogIn {{ Name = {Name}, Password = *** }}";
}

/// <summary>/password: a new password for the account the user is logged in to.</summary>
public sealed record ChangePassword(string Password) : ChatCommand
{
    public override string ToString() => "ChangePassword { Password = *** }";
}

/// <summary>/resetpassword: a moderator gives the account <see cref="User"/> a new password (its owner forgot it).</summary>
public sealed record ResetPassword(string User, string Password) : ChatCommand
{
    public override string ToString() => $"ResetPassword {{ User = {User}, Password = *** }}";
}

/// <summary>/logout: end the login to an account and leave.</summary>
public sealed record LogOut : ChatCommand;

/// <summary>A known command with missing or extra arguments; <see cref="Usage"/> is the line to show.</summary>
public sealed record UsageError(string Usage) : ChatCommand;

/// <summary>A slash word that is not a command.</summary>
public sealed record UnknownCommand(string Name) : ChatCommand;

/// <summary>Input refused for a reason the client should read (bad group name, control characters).</summary>
public sealed record InvalidInput(string Reason) : ChatCommand;

/// <summary>
/// /history: the last <see cref="Count"/> messages of the room (no target), of a group the user is in, or of
/// their PMs with a user. Groups and users share names' characters, so "#maths" and "@bob" say which is meant
/// (<see cref="Scope"/>); a bare name is a group of the user's if there is one, else a user.
/// </summary>
public sealed record ShowHistory(string? Target, int Count, HistoryScope Scope = HistoryScope.Either) : ChatCommand
{
    public const int DefaultCount = 20;
    public const int MaxCount = 200;
}

/// <summary>Which conversation a /history name means.</summary>
public enum HistoryScope
{
    /// <summary>A bare name: a group of the asker's by that name, else the PMs with that user.</summary>
    Either,

    /// <summary>"#name": only a group.</summary>
    Group,

    /// <summary>"@name": only the PMs with that user.</summary>
    User,
}
