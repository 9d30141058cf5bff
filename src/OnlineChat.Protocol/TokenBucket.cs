namespace OnlineChat.Protocol;

/// <summary>
/// Flood control: holds up to <c>burst</c> tokens, refilled at <c>perSecond</c>; each frame takes one. The
/// gateway refuses a client's frame when its bucket is empty (a numbered frame waits for the next token
/// instead: <see cref="TicksUntilNext"/>); the client paces its own sends with the same
/// bucket and the server's default limits, so a paste of many lines is sent, not refused. Pure: time comes
/// in as timestamps, so tests drive it without a clock. Used by one loop at a time, so it needs no lock.
/// </summary>
public sealed class TokenBucket : IFrameBudget
{
    private readonly double _perTick;
    private readonly double _capacity;
    private double _tokens;
    private long _last;

    /// <param name="perSecond">Refill rate.</param>
    /// <param name="burst">Bucket size: how many frames may arrive at once after a quiet spell.</param>
    /// <param name="now">Current timestamp.</param>
    /// <param name="ticksPerSecond">Timestamp resolution (Stopwatch.Frequency for Stopwatch timestamps).</param>
    public TokenBucket(double perSecond, int burst, long now, long ticksPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        _perTick = perSecond / ticksPerSecond;
        _capacity = burst;
        _tokens = burst;
        _last = now;
    }

    public bool TryTake(long now)
    {
        if (now > _last)
        {
            _tokens = Math.Min(_capacity, _tokens + (now - _last) * _perTick);
            _last = now;
        }

        if (_tokens < 1)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }

    /// <summary>Ticks until <see cref="TryTake"/> would succeed (0: now).</summary>
    public long TicksUntilNext(long now)
    {
        var tokens = now > _last ? Math.Min(_capacity, _tokens + (now - _last) * _perTick) : _tokens;
        return tokens >= 1 ? 0 : (long)Math.Ceiling((1 - tokens) / _perTick);
    }
}
