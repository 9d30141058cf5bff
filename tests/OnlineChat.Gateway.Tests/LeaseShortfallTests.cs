using OnlineChat.Gateway;

namespace OnlineChat.Gateway.Tests;

public sealed class LeaseShortfallTests
{
    [Fact]
    public void A_lease_that_was_lost_puts_the_users_back_at_once()
    {
        var shortfall = new LeaseShortfall();
        Assert.True(shortfall.ShouldReclaim(held: false, directoryUsers: 0, connected: 10));
        Assert.True(shortfall.ShouldReclaim(held: false, directoryUsers: 0, connected: 0));
    }

    [Fact]
    public void Users_missing_at_one_renewal_only_are_a_login_or_logout_half_done_not_a_loss()
    {
        var shortfall = new LeaseShortfall();
        Assert.False(shortfall.ShouldReclaim(held: true, directoryUsers: 9, connected: 10));
        Assert.False(shortfall.ShouldReclaim(held: true, directoryUsers: 10, connected: 10));
        Assert.False(shortfall.ShouldReclaim(held: true, directoryUsers: 9, connected: 10));
        Assert.False(shortfall.ShouldReclaim(held: true, directoryUsers: 12, connected: 10));
    }

    [Fact]
    public void Users_still_missing_at_the_next_renewal_are_put_back_once()
    {
        var shortfall = new LeaseShortfall();
        Assert.False(shortfall.ShouldReclaim(held: true, directoryUsers: 7, connected: 10));
        Assert.True(shortfall.ShouldReclaim(held: true, directoryUsers: 7, connected: 10));
        // Counted afresh after putting them back: a reclaim that has not landed yet waits another renewal.
        Assert.False(shortfall.ShouldReclaim(held: true, directoryUsers: 7, connected: 10));
        Assert.True(shortfall.ShouldReclaim(held: true, directoryUsers: 8, connected: 10));
    }
}
