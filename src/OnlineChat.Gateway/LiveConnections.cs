using System.Collections.Concurrent;

namespace OnlineChat.Gateway;

/// <summary>
/// The ids of this gateway's open client connections, from accept until the connection's logout is done or
/// queued. A session token names its connection (see SessionToken), so a token in the directory whose
/// connection is not here, and not waiting in the <see cref="LogoutQueue"/>, belongs to nobody (see
/// <see cref="GhostLogins"/>). Held from before a login reaches presence, so a login underway is never taken
/// for one.
/// </summary>
public sealed class LiveConnections
{
    private readonly ConcurrentDictionary<string, byte> _ids = new(StringComparer.Ordinal);

    public bool Contains(string connectionId) => _ids.ContainsKey(connectionId);

    /// <summary>Counts the connection as open until the result is disposed.</summary>
    public Tracked Track(string connectionId)
    {
        _ids[connectionId] = 0;
        return new Tracked(this, connectionId);
    }

    public readonly struct Tracked(LiveConnections table, string connectionId) : IDisposable
    {
        public void Dispose() => table._ids.TryRemove(connectionId, out _);
    }
}
