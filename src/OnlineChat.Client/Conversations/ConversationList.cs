namespace OnlineChat.Client.Conversations;

/// <summary>
/// The open conversations in the order they were opened, the room always first and never closed, and
/// which one is shown. A line for a conversation that is not open opens it (a new PM partner, a group).
/// </summary>
public sealed class ConversationList
{
    private readonly List<Conversation> _open = [new(ConversationKey.Room)];
    private int _active;

    public IReadOnlyList<Conversation> All => _open;

    public Conversation Active => _open[_active];

    public int ActiveIndex => _active;

    public Conversation? Find(ConversationKey key) => _open.Find(c => c.Key == key);

    /// <summary>The conversation for <paramref name="key"/>, opened (last in the list) if it was not.</summary>
    public Conversation Open(ConversationKey key)
    {
        if (Find(key) is { } open)
        {
            return open;
        }

        var added = new Conversation(key);
        _open.Add(added);
        return added;
    }

    /// <summary>Adds a line to its conversation; it counts as unread unless that conversation is shown.</summary>
    public Conversation Add(ConversationKey key, ChatEntry entry)
    {
        var conversation = Open(key);
        conversation.Add(entry, shown: conversation == Active);
        return conversation;
    }

    public void Show(ConversationKey key) => Show(_open.IndexOf(Open(key)));

    public void Show(int index)
    {
        _active = Math.Clamp(index, 0, _open.Count - 1);
        Active.MarkRead();
    }

    /// <summary>The next (or, with a negative step, previous) conversation, round the list.</summary>
    public void Move(int step) => Show(((_active + step) % _open.Count + _open.Count) % _open.Count);

    /// <summary>Closes the shown conversation and shows the one before it; false for the room, which stays.</summary>
    public bool CloseActive()
    {
        if (_active == 0)
        {
            return false;
        }

        _open.RemoveAt(_active);
        Show(_active - 1);
        return true;
    }
}
