using System.Collections.Concurrent;
using OnlineChat.Protocol;

namespace OnlineChat.Gateway;

/// <summary>The logged-in clients of this gateway, by username. Holds nothing another gateway needs.</summary>
public sealed class SessionRegistry
{
    private readonly ConcurrentDictionary<string, ChatSession> _byUser = new(StringComparer.Ordinal);
    private int _loginsUnderway;

    public int Count => _byUser.Count;

    /// <summary>
    /// Logins to an account being carried out here: from the call to presence until the session has the
    /// account's name. Meanwhile this gateway may hold one user more than the directory has for it (see
    /// <see cref="GatewayLease"/>): presence frees the guest name before an older login of the account on
    /// this gateway is closed.
    /// </summary>
    public int LoginsUnderway => Volatile.Read(ref _loginsUnderway);

    /// <summary>Counts a login as underway until the result is disposed.</summary>
    public LoginUnderway BeginLogin()
    {
        Interlocked.Increment(ref _loginsUnderway);
        return new LoginUnderway(this);
    }

    public readonly struct LoginUnderway(SessionRegistry registry) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref registry._loginsUnderway);
    }

    /// <summary>
    /// A live, lock-free walk (not <c>Values</c>, which locks the whole map and copies it on every call:
    /// that was once per broadcast).
    /// </summary>
    public IEnumerable<ChatSession> All
    {
        get
        {
            foreach (var entry in _byUser)
            {
                yield return entry.Value;
            }
        }
    }

    public bool TryGet(string user, out ChatSession session) => _byUser.TryGetValue(user, out session!);

    /// <summary>The directory made the name unique system-wide, so a clash here means a bug upstream.</summary>
    public void Add(ChatSession session)
    {
        if (!_byUser.TryAdd(session.User!, session))
        {
            throw new InvalidOperationException($"User {session.User} is already connected to this gateway.");
        }
    }

    /// <summary>The session is known by another name from now on (after /login).</summary>
    public void Rename(ChatSession session, string newName)
    {
        Remove(session);
        session.User = newName;
        Add(session);
    }

    public void Remove(ChatSession session) =>
        _byUser.TryRemove(new KeyValuePair<string, ChatSession>(session.User!, session));

    /// <summary>
    /// Sends one server notice to every logged-in client (framed once); with <paramref name="thenClose"/>
    /// each session ends after it. Returns how many were told.
    /// </summary>
    public int TellAll(string text, bool thenClose = false)
    {
        var frame = FrameWriter.Encode(text);
        var told = 0;
        foreach (var session in All)
        {
            session.TrySend(frame);
            if (thenClose)
            {
                session.Close();
            }

            told++;
        }

        return told;
    }
}
