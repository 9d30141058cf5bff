using OnlineChat.Protocol;

namespace OnlineChat.Gateway;

/// <summary>
/// What one remote address may use of this gateway, shared by all its connections: how many are open, how
/// many are still in the handshake, and one message bucket for all of them. Without it one address could
/// hold a thousand half-open handshakes (locking out everyone behind the same NAT for the handshake timeout)
/// or open a hundred connections that each stayed within their own rate and together flooded the room.
/// Pure: time comes in as timestamps. Owned by <see cref="ConnectionAdmission"/>, which creates one per
/// address and drops it when the address's last connection closes.
/// </summary>
public sealed class AddressBudget : IFrameBudget
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Action> _handshakes = new();
    private readonly int _maxHandshakes;
    private readonly TokenBucket? _messages;
    private int _connections;
    private bool _retired;

    /// <param name="maxHandshakes">Handshakes in progress at once; a new one beyond it pushes out the oldest. 0: no limit.</param>
    /// <param name="messagesPerSecond">Frames per second for all the address's connections together. 0: no limit.</param>
    public AddressBudget(int maxHandshakes, double messagesPerSecond, int messageBurst, long now, long ticksPerSecond)
    {
        _maxHandshakes = maxHandshakes;
        _messages = messagesPerSecond > 0 ? new TokenBucket(messagesPerSecond, Math.Max(1, messageBurst), now, ticksPerSecond) : null;
    }

    /// <summary>
    /// Counts one more connection, unless the budget was retired (its last connection closed meanwhile: the
    /// caller takes a fresh one). <paramref name="open"/> is the count including this one.
    /// </summary>
    internal bool TryOpen(out int open)
    {
        lock (_lock)
        {
            open = _retired ? 0 : ++_connections;
            return !_retired;
        }
    }

    /// <summary>Counts one connection less; true when it was the last, and the budget is retired.</summary>
    internal bool Close()
    {
        lock (_lock)
        {
            _retired = --_connections <= 0;
            return _retired;
        }
    }

    /// <summary>
    /// A handshake starts; dispose the result when the name has arrived. When more than the limit are in
    /// progress, the oldest is pushed out: <paramref name="pushOut"/> of that one is called (outside the lock).
    /// A real user's handshake takes milliseconds, so half-open ones from the same address go first.
    /// </summary>
    public IDisposable BeginHandshake(Action pushOut)
    {
        LinkedListNode<Action> node;
        Action? oldest = null;
        lock (_lock)
        {
            node = _handshakes.AddLast(pushOut);
            if (_maxHandshakes > 0 && _handshakes.Count > _maxHandshakes)
            {
                oldest = _handshakes.First!.Value;
                _handshakes.RemoveFirst();
            }
        }

        oldest?.Invoke();
        return new Handshake(this, node);
    }

    public int HandshakesInProgress
    {
        get
        {
            lock (_lock)
            {
                return _handshakes.Count;
            }
        }
    }

    /// <summary>One frame from any of the address's connections; false when the address is over its rate.</summary>
    public bool TryTake(long now)
    {
        if (_messages is null)
        {
            return true;
        }

        lock (_lock)
        {
            return _messages.TryTake(now);
        }
    }

    /// <summary>Ticks until the address's next frame may go (0: now).</summary>
    public long TicksUntilNext(long now)
    {
        if (_messages is null)
        {
            return 0;
        }

        lock (_lock)
        {
            return _messages.TicksUntilNext(now);
        }
    }

    private void EndHandshake(LinkedListNode<Action> node)
    {
        lock (_lock)
        {
            // Already gone when it was pushed out.
            if (node.List == _handshakes)
            {
                _handshakes.Remove(node);
            }
        }
    }

    private sealed class Handshake(AddressBudget owner, LinkedListNode<Action> node) : IDisposable
    {
        public void Dispose() => owner.EndHandshake(node);
    }
}
