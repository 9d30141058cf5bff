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
    /// online or registered, whether it was muted (a lift of no mute changes nothing and is not announced), and
    /// whether anyone has that name: a mute is by name, so one may be set ahead (a guest who left may come back
    /// under it), but a mistyped name mutes nobody, and the moderator should hear so.
    /// </summary>
    public async Task<(string Target, bool WasMuted, bool Known)?> MuteAsync(string user, string token, string target, DateTimeOffset? until)
    {
        if (!await moderators.IsModeratorAccountAsync(user) || await directory.LocateAsync(user) != token)
        {
            return null;
        }

        var spelled = await directory.FindOnlineNameAsync(target) ?? (await directory.FindAccountAsync(target))?.Name;
        var known = spelled is not null;
        spelled ??= target;
        if (until is { } end && end > time.GetUtcNow())
        {
            await directory.SetMuteAsync(spelled, end);
        }
        else if (!await directory.ClearMuteAsync(spelled))
        {
            return (spelled, false, known);
        }

        PresenceLog.Muted(logger, spelled, user, until);
        await bus.PublishControlAsync(new ChatEvent
        {
            Kind = ChatEventKind.UserMuted, User = spelled, Text = user, UntilUnixMs = until?.ToUnixTimeMilliseconds() ?? 0,
        });
        return (spelled, true, known);
    }

    public Task<IReadOnlyList<(string User, DateTimeOffset Until)>> MutesAsync() => directory.MutesAsync(time.GetUtcNow());
}
