using OnlineChat.Backplane;
using OnlineChat.Protocol;

namespace OnlineChat.Presence;

/// <summary>
/// Ends a login: frees the name, takes the user out of their groups and tells whoever should know. Used for
/// clean logouts and for the users of a gateway that died, so both look the same to everybody else.
/// </summary>
public sealed class UserReleaser(ChatDirectory directory, ChatBus bus, PresenceMetrics metrics)
{
    /// <summary>Returns false when <paramref name="token"/> no longer held the name (already released).</summary>
    /// <param name="seen">The last log id the login was given, kept for an account's next login (null: keep what it has).</param>
    public async Task<bool> ReleaseAsync(string name, string token, LogId? seen = null)
    {
        var departures = await directory.ReleaseAsync(name, token, seen);
        if (departures is null)
        {
            return false;
        }

        // Members read "left the group" and "is the owner now" before "has gone offline": each gateway hears
        // all three on its one channel, in the order the log has them.
        foreach (var departure in departures)
        {
            string[] members = [.. departure.Remaining.Where(m => m.GatewayId is not null).Select(m => m.User)];
            if (members.Length == 0)
            {
                continue;
            }

            await bus.PublishToUsersAsync(members, Notices.About(ChatEventKind.GroupLeft, name, departure.Group));
            if (departure.NewOwner is { } owner)
            {
                await bus.PublishToUsersAsync(members, Notices.About(ChatEventKind.GroupOwnerChanged, owner, departure.Group));
            }
        }

        // Not to the login that ended: after a /login it is the same connection under the account's name.
        await bus.PublishToAllAsync(Notices.About(ChatEventKind.UserOffline, name) with { ExceptLogin = token });
        metrics.UserReleased();
        return true;
    }
}
