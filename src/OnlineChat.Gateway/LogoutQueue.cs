using System.Collections.Concurrent;

namespace OnlineChat.Gateway;

/// <summary>Logouts the presence service could not take yet. Retried by <see cref="GatewayLease"/>.</summary>
public sealed class LogoutQueue
{
    private readonly ConcurrentQueue<(string User, string Token)> _pending = new();

    public void Enqueue(string user, string token) => _pending.Enqueue((user, token));

    public bool TryDequeue(out (string User, string Token) logout) => _pending.TryDequeue(out logout);

    public int Count => _pending.Count;
}
