namespace OnlineChat.Client.Conversations;

/// <summary>One conversation's scrollback and how many of its lines the user has not seen yet.</summary>
public sealed class Conversation(ConversationKey key)
{
    /// <summary>Lines kept per conversation; older ones are dropped (/history brings them back).</summary>
    public const int MaxLines = 2000;

    private readonly List<ChatEntry> _lines = [];

    public ConversationKey Key { get; } = key;

    public IReadOnlyList<ChatEntry> Lines => _lines;

    /// <summary>Messages (not events or replies) that arrived while another conversation was shown.</summary>
    public int Unread { get; private set; }

    /// <summary>Whether its recent history was asked for already (once, when first opened).</summary>
    public bool HistoryRequested { get; set; }

    /// <summary>The list's label: "(maths) 3" with three unread.</summary>
    public string Label => Unread > 0 ? $"{Key.Label} {Unread}" : Key.Label;

    public void Add(ChatEntry entry, bool shown)
    {
        _lines.Add(entry);
        if (_lines.Count > MaxLines)
        {
            _lines.RemoveRange(0, _lines.Count - MaxLines);
        }

        if (!shown && entry.Kind is EntryKind.Message or EntryKind.Action or EntryKind.Moderator)
        {
            Unread++;
        }
    }

    public void MarkRead() => Unread = 0;

    public void Clear() => _lines.Clear();
}
