namespace OnlineChat.Backplane;

/// <summary>
/// When a process's publishes also trim the message log by age: the age limit moves with the clock, so once
/// a second is as good as every batch, and a trim is a call inside publish.lua that every message at light
/// load would otherwise pay. The first batch after each interval trims.
/// </summary>
public sealed class LogTrimSchedule(TimeProvider time, TimeSpan? interval = null)
{
    private readonly long _intervalTicks = (long)((interval ?? TimeSpan.FromSeconds(1)).TotalSeconds * time.TimestampFrequency);
    private long _next = long.MinValue;

    /// <summary>True at most once per interval (the first call, and then the first after each interval has passed).</summary>
    public bool Due()
    {
        var now = time.GetTimestamp();
        var next = Interlocked.Read(ref _next);
        return now >= next && Interlocked.CompareExchange(ref _next, now + _intervalTicks, next) == next;
    }
}
