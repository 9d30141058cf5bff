using OnlineChat.Backplane;
using OnlineChat.Protocol;

namespace OnlineChat.Presence;

/// <summary>
/// Mutes: a moderator stops a user's broadcasts, PMs and group messages until a time. Kept in the
/// directory (so they outlive restarts) and announced to every gateway, which refuses the muted user's
/// messages itself: no lookup on the message path.
/// </summary>
public sealed class ModerationService(ChatDirectory directory, ChatBus bus, ModeratorPolicy moderators, TimeProvider time, ILogger<ModerationService> logger)
{
    /// <summary>
    /// Null when <paramref name="user"/>, logged in as <paramref name="token"/>, may not; else the target as spelled
    /// online, and whether it was muted (a lift of no mute changes nothing and is not announced).
    /// </summary>
    public async Task<(string Target, bool WasMuted)?> MuteAsync(string user, string token, string target, DateTimeOffset? until)
    {
        if (!moderators.IsModerator(user) || await directory.LocateAsync(user) != token || await directory.FindAccountAsync(user) is null)
        {
            return null;
        }

        var spelled = await directory.FindOnlineNameAsync(target) ?? target;
        if (until is { } end && end > time.GetUtcNow())
        {
            await directory.SetMuteAsync(spelled, end);
        }
        else if (!await directory.ClearMuteAsync(spelled))
        {
            return (spelled, false);
        }

        PresenceLog.Muted(logger, spelled, user, until);
        await bus.PublishControlAsync(new ChatEvent
        {
            Kind = ChatEventKind.UserMuted, User = spelled, Text = user, UntilUnixMs = until?.ToUnixTimeMilliseconds() ?? 0,
        });
        return (spelled, true);
    }

    public Task<IReadOnlyList<(string User, DateTimeOffset Until)>> MutesAsync() => directory.MutesAsync(time.GetUtcNow());
}
