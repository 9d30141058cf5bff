namespace OnlineChat.Gateway;

/// <summary>
/// Tells from each lease renewal whether this gateway's users were lost from the directory, so that they are
/// put back (GatewayLease). A lease that was not held any more (Redis restarted empty, or the lease lapsed
/// while Redis was out of reach) lost them all: at once. Fewer of our users in the directory than connected
/// here, with the lease held, is a loss only if the next renewal still sees it: a login or logout changes the
/// directory (presence) and this gateway's registry in two steps, and one path leaves the directory short
/// for a moment (a login to an account that is online on this same gateway ends the older session only
/// when the gateway hears of it). Put back then, the older session would be told its name was taken and a
/// guest name would come back as a ghost. Pure: fed the renewals, one at a time.
/// </summary>
public sealed class LeaseShortfall
{
    private bool _shortLastTime;

    public bool ShouldReclaim(bool held, long directoryUsers, int connected)
    {
        var isShort = directoryUsers < connected;
        var reclaim = !held || (isShort && _shortLastTime);
        _shortLastTime = isShort && !reclaim;
        return reclaim;
    }
}
