using System.Collections.Concurrent;

namespace OnlineChat.Gateway;

/// <summary>The logged-in clients of this gateway, by username. Holds nothing another gateway needs.</summary>
public sealed class SessionRegistry
{
    private readonly ConcurrentDictionary<string, ChatSession> _byUser = new(StringComparer.Ordinal);

    public int Count => _byUser.Count;

    public IEnumerable<ChatSession> All => _byUser.Values;

    public bool TryGet(string user, out ChatSession session) => _byUser.TryGetValue(user, out session!);

    /// <summary>The directory made the name unique system-wide, so a clash here means a bug upstream.</summary>
    public void Add(ChatSession session)
    {
        if (!_byUser.TryAdd(session.User!, session))
        {
            throw new InvalidOperationException($"User {session.User} is already connected to this gateway.");
        }
    }

    public void Remove(ChatSession session) =>
        _byUser.TryRemove(new KeyValuePair<string, ChatSession>(session.User!, session));
}
