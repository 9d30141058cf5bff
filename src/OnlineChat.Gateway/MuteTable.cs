using System.Collections.Concurrent;

namespace OnlineChat.Gateway;

/// <summary>
/// Who is muted, and until when: this gateway's copy of the directory's mutes, filled at start and kept
/// current by the mute events presence sends to every gateway, so a message is checked without a Redis
/// round trip. A mute ends by itself when its time comes.
/// </summary>
public sealed class MuteTable
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _until = new(StringComparer.OrdinalIgnoreCase);

    public void Set(string user, DateTimeOffset? until)
    {
        if (until is { } end)
        {
            _until[user] = end;
        }
        else
        {
            _until.TryRemove(user, out _);
        }
    }

    /// <summary>When the user's mute ends, or null when they are not muted at <paramref name="now"/>.</summary>
    public DateTimeOffset? MutedUntil(string user, DateTimeOffset now) =>
        _until.TryGetValue(user, out var until) && until > now ? until : null;
}
