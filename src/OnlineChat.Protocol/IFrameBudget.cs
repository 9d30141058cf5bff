namespace OnlineChat.Protocol;

/// <summary>
/// Frames a sender may send: a token per frame, refilled over time. What the gateway needs of a budget to
/// refuse a frame over it, or (a numbered frame) to wait for its token. Time comes in as timestamps.
/// </summary>
public interface IFrameBudget
{
    /// <summary>Takes a token for one frame; false when none is left now.</summary>
    bool TryTake(long now);

    /// <summary>Ticks until <see cref="TryTake"/> would succeed (0: now).</summary>
    long TicksUntilNext(long now);
}
