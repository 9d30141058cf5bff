using System.Collections.Concurrent;
using OnlineChat.Protocol;

namespace OnlineChat.Gateway;

/// <summary>
/// A login that ended while the presence service could not be told: to release, or (a client that resumes)
/// to suspend for its resume window. <see cref="Seen"/> is the last log id the login was given.
/// </summary>
public readonly record struct PendingLogout(string User, string Token, bool Suspend, LogId Seen);

/// <summary>Logouts the presence service could not take yet. Retried by <see cref="GatewayLease"/>.</summary>
public sealed class LogoutQueue
{
    private readonly ConcurrentQueue<PendingLogout> _pending = new();

    public void Enqueue(PendingLogout logout) => _pending.Enqueue(logout);

    public bool TryDequeue(out PendingLogout logout) => _pending.TryDequeue(out logout);

    public int Count => _pending.Count;

    /// <summary>Whether the logout of this login waits here (a walk of a snapshot: for the rare clean-up, not a hot path).</summary>
    public bool Holds(string token) => _pending.Any(logout => logout.Token == token);
}
