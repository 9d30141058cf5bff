namespace OnlineChat.Client.Conversations;

/// <summary>What a line on screen is, which decides its colour.</summary>
public enum EntryKind
{
    /// <summary>Someone else's message.</summary>
    Message,

    /// <summary>Someone's "/me" action: "* ann waves".</summary>
    Action,

    /// <summary>What this user sent, shown as sent (the server does not echo it).</summary>
    Own,

    /// <summary>A message from a moderator (the teacher): its badge, "[teacher] ann: …".</summary>
    Moderator,

    /// <summary>A server event in a conversation: joins, leaves, going offline.</summary>
    Event,

    /// <summary>The server's answer to a command.</summary>
    Reply,

    /// <summary>An error from the server ("Error: …", a refusal).</summary>
    Error,

    /// <summary>The client's own words: connecting, reconnecting, a line refused locally, help.</summary>
    Client,
}

/// <summary>
/// One line of a conversation: when (the server's time for history and missed lines, else when it
/// arrived), what kind, and its text as shown after the time. <see cref="Missed"/> marks a line that
/// arrived while the client was away (after a reconnect, or an account's missed messages); <see
/// cref="FromHistory"/> one shown by /history.
/// </summary>
public sealed record ChatEntry(DateTimeOffset Time, EntryKind Kind, string Text, bool Missed = false, bool FromHistory = false)
{
    /// <summary>As the scrollback shows it: "14:03 ann: hello", "14:03 (missed) ann: hello".</summary>
    public string Display(TimeZoneInfo zone, DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(Time, zone);
        var stamp = local.Date == TimeZoneInfo.ConvertTime(now, zone).Date ? local.ToString("HH:mm") : local.ToString("MM-dd HH:mm");
        var mark = Missed ? "(missed) " : FromHistory ? "(history) " : "";
        return $"{stamp} {mark}{TerminalText.Safe(Text)}";
    }
}
