namespace OnlineChat.Integration.Tests.InProcess;

/// <summary>
/// The system clock, except that Stopwatch-style timestamps (what the rate limiter reads) stand still until
/// the test moves them, so a flood is judged the same on a fast machine and a slow one.
/// </summary>
public sealed class FrozenClock : TimeProvider
{
    private long _timestamp = TimeProvider.System.GetTimestamp();

    public override long GetTimestamp() => Interlocked.Read(ref _timestamp);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _timestamp, (long)(by.TotalSeconds * TimestampFrequency));
}
