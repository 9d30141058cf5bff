using OnlineChat.Gateway;

namespace OnlineChat.Gateway.Tests;

/// <summary>Which logins the directory lists for a gateway are ended after a reconnect (GhostLogins).</summary>
public class GhostLoginRuleTests
{
    private static readonly HashSet<string> OpenConnections = ["c-open"];
    private static readonly HashSet<string> PendingLogouts = ["gw-1/c-pending"];

    [Theory]
    [InlineData("gw-1/c-closed", true)]    // its connection closed and its logout was done: the directory forgot that
    [InlineData("gw-1/c-open", false)]     // a connection here holds it (logged in, or its login underway)
    [InlineData("gw-1/c-pending", false)]  // closed, and its logout waits to be retried: that retry ends it
    [InlineData("gw-2/c-closed", false)]   // another gateway's login is never this gateway's to end
    [InlineData("gw-12/c-closed", false)]  // a gateway whose id starts the same is another gateway
    public void A_login_is_a_ghost_when_no_connection_here_holds_it_and_no_logout_of_it_waits(string token, bool ghost) =>
        Assert.Equal(ghost, GhostLogins.IsGhost(token, "gw-1", OpenConnections.Contains, PendingLogouts.Contains));
}
