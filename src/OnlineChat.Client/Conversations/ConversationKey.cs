namespace OnlineChat.Client.Conversations;

public enum ConversationKind
{
    /// <summary>The one room everybody is in: broadcasts.</summary>
    Room,

    /// <summary>A group's messages (/gc).</summary>
    Group,

    /// <summary>PMs with one user.</summary>
    Private,
}

/// <summary>
/// Which conversation a line belongs to: the room, a group, or the PMs with one user. Names compare
/// ignoring case, as the server's do (/pm TEACHER reaches teacher).
/// </summary>
public readonly record struct ConversationKey(ConversationKind Kind, string Name)
{
    public static readonly ConversationKey Room = new(ConversationKind.Room, "room");

    public static ConversationKey Group(string name) => new(ConversationKind.Group, name);

    public static ConversationKey With(string user) => new(ConversationKind.Private, user);

    /// <summary>As the conversation list shows it: "room", "(group)", "@user" (the seed's own marks).</summary>
    public string Label => Kind switch
    {
        ConversationKind.Room => "room",
        ConversationKind.Group => $"({Name})",
        _ => $"@{Name}",
    };

    /// <summary>
    /// The /history command for it: no name for the room, else the name marked as a group's (#) or a user's (@),
    /// so that a PM's history is not a group's that happens to share the partner's name.
    /// </summary>
    public string HistoryCommand => Kind switch
    {
        ConversationKind.Room => "/history",
        ConversationKind.Group => $"/history #{Name}",
        _ => $"/history @{Name}",
    };

    public bool Equals(ConversationKey other) =>
        Kind == other.Kind && string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase);

    public override int GetHashCode() => HashCode.Combine(Kind, StringComparer.OrdinalIgnoreCase.GetHashCode(Name));
}
