using OnlineChat.Protocol;

namespace OnlineChat.Backplane;

/// <summary>
/// How much of the past Redis keeps (configuration section "History"): the message log that gateways and
/// resuming clients catch up from, and each conversation's history that /history reads. Both are trimmed
/// as they are written, by count and by age, so memory stays bounded.
/// </summary>
public sealed class HistoryOptions
{
    public const string Section = "History";

    /// <summary>Messages and notices the log keeps (about; Redis trims whole blocks). A client away longer than this much traffic is told it missed some.</summary>
    public int LogMessages { get; set; } = 100_000;

    /// <summary>Messages each conversation (the room, a group, a pair's PMs) keeps for /history.</summary>
    public int MessagesPerConversation { get; set; } = 1_000;

    /// <summary>Nothing older is kept, in the log or in a conversation; a conversation idle this long is gone.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The oldest log id still kept at <paramref name="now"/>: what the scripts trim to and /history shows from.</summary>
    public LogId OldestKept(DateTimeOffset now) => LogId.At(now - MaxAge);
}
