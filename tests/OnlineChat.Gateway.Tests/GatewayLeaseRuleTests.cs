using OnlineChat.Gateway;

namespace OnlineChat.Gateway.Tests;

/// <summary>When a lease renewal decides the directory lost some of this gateway's users and puts them back.</summary>
public class GatewayLeaseRuleTests
{
    [Theory]
    [InlineData(3, 3, 0, false)] // all there
    [InlineData(4, 3, 0, false)] // a login reached the directory first, or a logout has not yet: more is fine
    [InlineData(2, 3, 0, true)]  // one lost in an outage
    [InlineData(0, 3, 0, true)]  // Redis came back empty
    // A login taking over an account already online here: presence has freed the new session's guest name,
    // the older session is not closed yet. One short, and nobody lost.
    [InlineData(1, 2, 1, false)]
    [InlineData(1, 3, 1, true)]  // ... but two short during one login is a loss
    public void The_directory_lost_users_only_when_it_has_fewer_than_are_connected_and_not_logging_in(
        long directoryUsers, int connected, int loginsUnderway, bool lost) =>
        Assert.Equal(lost, GatewayLease.LostUsers(directoryUsers, connected, loginsUnderway));
}
