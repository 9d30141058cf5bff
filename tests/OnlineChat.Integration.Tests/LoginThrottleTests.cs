using OnlineChat.Backplane;
using OnlineChat.Presence;

namespace OnlineChat.Integration.Tests;

/// <summary>How long a login waits after failed ones: pure arithmetic on counts and times (ms).</summary>
public sealed class LoginThrottleTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(2, 0)]
    [InlineData(3, 1)]
    [InlineData(4, 2)]
    [InlineData(6, 8)]
    [InlineData(9, 60)]
    [InlineData(1000, 60)]
    public void The_first_failures_are_free_then_the_wait_doubles_up_to_a_minute(long failures, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), LoginThrottle.WaitBefore(new LoginFailures(failures, 10_000), 10_000));

    [Fact]
    public void The_wait_counts_from_the_last_failure()
    {
        var failures = new LoginFailures(5, LastUnixMs: 10_000); // 4 s
        Assert.Equal(TimeSpan.FromSeconds(1.5), LoginThrottle.WaitBefore(failures, 12_500));
        Assert.Equal(TimeSpan.Zero, LoginThrottle.WaitBefore(failures, 14_000));
    }
}
