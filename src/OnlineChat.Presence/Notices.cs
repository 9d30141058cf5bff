using OnlineChat.Protocol;

namespace OnlineChat.Presence;

/// <summary>The notices presence sends about what it changed in the directory, stamped with when they were sent.</summary>
internal static class Notices
{
    public static ChatEvent About(ChatEventKind kind, string user, string? group = null) =>
        new() { Kind = kind, User = user, Group = group, SentAtUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() };

    /// <summary>"X is now online.", for everybody but X.</summary>
    public static ChatEvent Online(string user) => About(ChatEventKind.UserOnline, user) with { Except = user };
}
