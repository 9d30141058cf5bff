namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// The system clock, except that Stopwatch-style timestamps (what the rate limiter reads) stand still until
/// the test moves them, so a flood is judged the same on a fast machine and a slow one; and the time of day
/// runs ahead by as much as the test moved it (for mutes that end).
/// </summary>
public sealed class FrozenClock : TimeProvider
{
    private long _timestamp = TimeProvider.System.GetTimestamp();
    private long _aheadTicks;

    public override long GetTimestamp() => Interlocked.Read(ref _timestamp);

    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow().AddTicks(Interlocked.Read(ref _aheadTicks));

    public void Advance(TimeSpan by)
    {
        Interlocked.Add(ref _timestamp, (long)(by.TotalSeconds * TimestampFrequency));
        Interlocked.Add(ref _aheadTicks, by.Ticks);
    }
}
