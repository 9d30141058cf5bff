using OnlineChat.Protocol;

namespace OnlineChat.Backplane;

/// <summary>
/// How much of the past Redis keeps (configuration section "History"): the message log that gateways and
/// resuming clients catch up from, and each conversation's history that /history reads. Both are trimmed
/// as they are written, by count and by age, so memory stays bounded.
/// </summary>
public sealed class HistoryOptions : ICheckedSettings
{
    public const string Section = "History";

    /// <summary>Messages and notices the log keeps (about; Redis trims whole blocks). A client away longer than this much traffic is told it missed some.</summary>
    public int LogMessages { get; set; } = 100_000;

    /// <summary>Messages each conversation (the room, a group, a pair's PMs) keeps for /history; 0 keeps none (/history says so).</summary>
    public int MessagesPerConversation { get; set; } = 1_000;

    /// <summary>Nothing older is kept, in the log or in a conversation; a conversation idle this long is gone.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Whether conversations keep any history at all.</summary>
    public bool KeepsConversations => MessagesPerConversation > 0;

    /// <summary>The longest <see cref="MaxAge"/> taken: a log id is a Unix time, which a longer age would take before 1970.</summary>
    public static readonly TimeSpan LongestAge = TimeSpan.FromDays(3650);

    /// <summary>What is wrong with these settings, each said so that an operator can mend it; none when they are usable.</summary>
    public IEnumerable<string> Problems()
    {
        if (LogMessages < 1)
        {
            yield return $"History:LogMessages must be 1 or more, not {LogMessages}: the log is what gateways and resuming clients catch up from.";
        }

        if (MessagesPerConversation < 0)
        {
            yield return $"History:MessagesPerConversation must be 0 (keep no conversation history) or more, not {MessagesPerConversation}.";
        }

        if (MaxAge <= TimeSpan.Zero || MaxAge > LongestAge)
        {
            yield return $"History:MaxAge must be longer than zero and at most {LongestAge.TotalDays:0} days, not {MaxAge}.";
        }
    }

    /// <summary>The oldest log id still kept at <paramref name="now"/>: what the scripts trim to and /history shows from.</summary>
    public LogId OldestKept(DateTimeOffset now) => LogId.At(now - MaxAge);
}
