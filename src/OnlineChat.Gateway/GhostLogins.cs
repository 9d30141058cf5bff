using OnlineChat.Backplane;
using OnlineChat.Protocol;

namespace OnlineChat.Gateway;

/// <summary>
/// Ends the logins the directory lists for this gateway whose connections are gone. A redis-server killed
/// and started again replays an append-only file up to a second old: a user who left in that last second is
/// listed online again, under a token of this gateway that no connection holds, and would stay so (shown by
/// /lo, PMs to it dropped, its name taken) as long as the gateway runs. Run after a reconnect, beside
/// putting the missing users back (<see cref="GatewayLease"/>), and after a login whose answer from presence
/// was lost (<see cref="CheckSoon"/>).
/// </summary>
public sealed class GhostLogins(
    ChatDirectory directory,
    GatewayIdentity identity,
    LiveConnections connections,
    LogoutQueue logouts,
    PresenceClient presence,
    TimeProvider time,
    ILogger<GhostLogins> logger)
{
    private int _checkDue;

    /// <summary>
    /// Asks the lease loop to look for ghosts at its next renewal: called when a connection closes whose login
    /// presence may have granted without the gateway hearing so (its answer lost on the way back, after the
    /// retries), so that the name is not held by nobody until the gateway stops.
    /// </summary>
    public void CheckSoon() => Volatile.Write(ref _checkDue, 1);

    /// <summary>Whether a check was asked for since the last call (and clears it).</summary>
    internal bool TakeCheckDue() => Interlocked.Exchange(ref _checkDue, 0) == 1;

    /// <summary>
    /// Where an account's next login starts catching up: the log itself may have lost its last second, and
    /// the ghost's connection closed before that (a few lines seen twice rather than any missed).
    /// </summary>
    private static readonly TimeSpan SeenLookback = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A login of this gateway that no connection here holds (a connection is tracked from before its login
    /// reaches presence, so a login underway is never one) and whose logout is not waiting to be retried.
    /// </summary>
    internal static bool IsGhost(string token, string gatewayId, Func<string, bool> connectionIsOpen, Func<string, bool> logoutIsPending) =>
        SessionToken.GatewayOf(token) == gatewayId
        && !connectionIsOpen(SessionToken.ConnectionOf(token))
        && !logoutIsPending(token);

    /// <summary>Ends each ghost as its connection's close would have (suspended if it may resume); returns how many.</summary>
    public async Task<int> EndAsync()
    {
        var ended = 0;
        foreach (var (user, token) in await directory.UsersOfGatewayAsync(identity.Id))
        {
            if (!IsGhost(token, identity.Id, connections.Contains, logouts.Holds))
            {
                // A closed connection's login whose logout waits for presence: looked at again after that retry,
                // as the logout of a guest name does not end an account a lost /login answer left on its token.
                if (IsGhost(token, identity.Id, connections.Contains, logoutIsPending: _ => false))
                {
                    CheckSoon();
                }

                continue;
            }

            var suspend = await directory.IsResumableAsync(user);
            // The token guards it: a newer login of the name, here or elsewhere, is never ended by this.
            await presence.EndLoginAsync(new PendingLogout(user, token, suspend, LogId.At(time.GetUtcNow() - SeenLookback)), CancellationToken.None);
            ended++;
        }

        if (ended > 0)
        {
            GatewayLog.GhostLoginsEnded(logger, identity.Id, ended);
        }

        return ended;
    }
}
