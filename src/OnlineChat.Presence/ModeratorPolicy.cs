using Microsoft.Extensions.Options;

namespace OnlineChat.Presence;

/// <summary>Who the operator made a moderator (Presence:Moderators), and the badge their messages carry.</summary>
public sealed class ModeratorPolicy(IOptions<PresenceOptions> options)
{
    private readonly HashSet<string> _moderators = new(
        options.Value.Moderators.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        StringComparer.OrdinalIgnoreCase);

    public string Badge => options.Value.ModeratorBadge;

    /// <summary>
    /// Whether the name is a moderator's. The directory's scripts honour it only for an account's name, which
    /// nobody holds without logging in to that account.
    /// </summary>
    public bool IsModerator(string name) => _moderators.Contains(name);
}
