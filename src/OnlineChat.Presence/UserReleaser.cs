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
    public async Task<bool> ReleaseAsync(string name, string token)
    {
        var departures = await directory.ReleaseAsync(name, token);
        if (departures is null)
        {
            return false;
        }

        // Group notices go on the channel every gateway hears, addressed to the remaining members, like the
        // offline notice after them: Redis keeps order within a channel, not across channels, and members
        // must read "left the group" and "is the owner now" before "has gone offline".
        foreach (var departure in departures)
        {
            string[] members = [.. departure.Remaining.Where(m => m.GatewayId is not null).Select(m => m.User)];
            if (members.Length == 0)
            {
                continue;
            }

            await bus.PublishToAllAsync(Notices.About(ChatEventKind.GroupLeft, name, departure.Group) with { To = members });
            if (departure.NewOwner is { } owner)
            {
                await bus.PublishToAllAsync(Notices.About(ChatEventKind.GroupOwnerChanged, owner, departure.Group) with { To = members });
            }
        }

        await bus.PublishToAllAsync(Notices.About(ChatEventKind.UserOffline, name));
        metrics.UserReleased();
        return true;
    }
}
