using Microsoft.Extensions.Options;
using OnlineChat.Backplane;

namespace OnlineChat.Presence;

/// <summary>Who the operator made a moderator (Presence:Moderators), and the badge their messages carry.</summary>
public sealed class ModeratorPolicy(IOptions<PresenceOptions> options, ChatDirectory directory)
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

    /// <summary>Whether the name is a moderator's and registered: a guest who took an unregistered moderator name is not one.</summary>
    public async Task<bool> IsModeratorAccountAsync(string name) => IsModerator(name) && await directory.FindAccountAsync(name) is not null;
}
