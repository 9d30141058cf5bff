using OnlineChat.Backplane;

namespace OnlineChat.Gateway.Tests;

/// <summary>The log's age trim rides on the first publish of each second, not on every one.</summary>
public sealed class LogTrimScheduleTests
{
    /// <summary>A clock that moves only when told to.</summary>
    private sealed class ManualClock : TimeProvider
    {
        public long Now { get; set; } = 1_000_000;

        public override long TimestampFrequency => 1000; // milliseconds

        public override long GetTimestamp() => Now;
    }

    [Fact]
    public void The_first_call_trims_then_none_until_the_interval_has_passed_then_one()
    {
        var clock = new ManualClock();
        var schedule = new LogTrimSchedule(clock, TimeSpan.FromSeconds(1));

        Assert.True(schedule.Due());
        Assert.False(schedule.Due());
        clock.Now += 999;
        Assert.False(schedule.Due());
        clock.Now += 1;
        Assert.True(schedule.Due());
        Assert.False(schedule.Due());

        // A long quiet spell owes one trim, not one per interval missed.
        clock.Now += 60_000;
        Assert.True(schedule.Due());
        Assert.False(schedule.Due());
    }
}
