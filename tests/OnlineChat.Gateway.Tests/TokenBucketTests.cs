using OnlineChat.Gateway;
using OnlineChat.Protocol;

namespace OnlineChat.Gateway.Tests;

/// <summary>The rate limiter's arithmetic, with timestamps in seconds (ticksPerSecond = 1).</summary>
public class TokenBucketTests
{
    [Fact]
    public void A_full_bucket_allows_the_burst_then_refuses()
    {
        var bucket = new TokenBucket(perSecond: 2, burst: 3, now: 0, ticksPerSecond: 1);
        Assert.Equal([true, true, true, false], Enumerable.Range(0, 4).Select(_ => bucket.TryTake(0)));
    }

    [Fact]
    public void Tokens_come_back_at_the_rate_and_never_beyond_the_burst()
    {
        var bucket = new TokenBucket(perSecond: 2, burst: 3, now: 0, ticksPerSecond: 1);
        for (var i = 0; i < 3; i++)
        {
            bucket.TryTake(0);
        }

        Assert.True(bucket.TryTake(1));
        Assert.True(bucket.TryTake(1));
        Assert.False(bucket.TryTake(1));

        // An hour of silence refills to the burst, not to 7200.
        Assert.Equal(3, Enumerable.Range(0, 10).Count(_ => bucket.TryTake(3601)));
    }

    [Fact]
    public void A_clock_that_steps_back_grants_nothing_extra()
    {
        var bucket = new TokenBucket(perSecond: 1, burst: 1, now: 10, ticksPerSecond: 1);
        Assert.True(bucket.TryTake(10));
        Assert.False(bucket.TryTake(5));
        Assert.True(bucket.TryTake(11));
    }

    [Fact]
    public void Says_how_long_until_the_next_token_which_is_what_the_client_waits_before_sending()
    {
        var bucket = new TokenBucket(perSecond: 20, burst: 2, now: 0, ticksPerSecond: 1000);
        Assert.Equal(0, bucket.TicksUntilNext(0));
        Assert.True(bucket.TryTake(0));
        Assert.True(bucket.TryTake(0));

        Assert.Equal(50, bucket.TicksUntilNext(0)); // 20 a second: one every 50 ms
        Assert.Equal(20, bucket.TicksUntilNext(30));
        Assert.Equal(0, bucket.TicksUntilNext(50));
        Assert.True(bucket.TryTake(50));
    }
}
