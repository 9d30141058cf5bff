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
        var mark = Missed ? "(missed) " : FromHistory ? "(history) " : "";
        return $"{Stamp(zone, now)} {mark}{TerminalText.Safe(Text)}";
    }

    /// <summary>Where the text starts after the time, in columns: the rows a long line wraps onto start there.</summary>
    public int TextColumn(TimeZoneInfo zone, DateTimeOffset now) => Stamp(zone, now).Length + 1;

    /// <summary>"14:03" today, "12-02 14:03" another day.</summary>
    private string Stamp(TimeZoneInfo zone, DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(Time, zone);
        return local.Date == TimeZoneInfo.ConvertTime(now, zone).Date ? local.ToString("HH:mm") : local.ToString("MM-dd HH:mm");
    }
}
