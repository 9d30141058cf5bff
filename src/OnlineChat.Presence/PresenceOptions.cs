using OnlineChat.Backplane;
using OnlineChat.Protocol;

namespace OnlineChat.Presence;

public sealed class PresenceOptions : ICheckedSettings
{
    public const string SectionName = "Presence";

    /// <summary>How often expired gateway leases are looked for. Gateways renew theirs well within the lease.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// After Redis lost the directory, how long new claims wait for the gateways to put their connected users
    /// back (they do on their next lease renewal, every 1.5 s by default). See DirectoryRecovery.
    /// </summary>
    public TimeSpan RecoveryWindow { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// Accounts the operator makes moderators (comma-separated names, any case), e.g. "teacher". A moderator
    /// may manage any group, /mute and /unmute, and their messages carry <see cref="ModeratorBadge"/>. Takes
    /// effect at their next /login. Name only accounts whose owner you know: the role follows the name.
    /// </summary>
    public string Moderators { get; set; } = "";

    /// <summary>
    /// How long a resumable login whose connection dropped (or whose gateway died) keeps its name, groups and
    /// messages for the client to resume on any gateway, unseen by others. See docs/protocol.md, "Resuming".
    /// </summary>
    public TimeSpan ResumeWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The most groups one user may be in, created or joined (IRC servers cap channels per user alike): without
    /// it one student could fill /listallg with thousands of groups at the message rate. 0: no limit.
    /// </summary>
    public int MaxGroupsPerUser { get; set; } = 20;

    /// <summary>
    /// The most accounts one client address may register in an hour (0: no limit). Accounts are never deleted,
    /// so without it one script could register them at the message rate until Redis is full. A classroom
    /// behind one NAT registers its 30 accounts well within it; raise it for a whole school behind one.
    /// </summary>
    public int RegistrationsPerAddressPerHour { get; set; } = 100;

    /// <summary>Shown before a moderator's name on their messages: "[teacher] ann: …".</summary>
    public string ModeratorBadge { get; set; } = "teacher";

    /// <summary>
    /// What is wrong with these settings, each said so that an operator can mend it; none when they are usable.
    /// A moderator's name that no account can have would otherwise make nobody a moderator without a word.
    /// </summary>
    public IEnumerable<string> Problems()
    {
        if (SweepInterval <= TimeSpan.Zero)
        {
            yield return $"Presence:SweepInterval must be longer than zero, not {SweepInterval}.";
        }

        if (RecoveryWindow < TimeSpan.Zero)
        {
            yield return $"Presence:RecoveryWindow must be zero or longer, not {RecoveryWindow}.";
        }

        if (MaxGroupsPerUser < 0)
        {
            yield return $"Presence:MaxGroupsPerUser must be 0 (no limit) or more, not {MaxGroupsPerUser}.";
        }

        if (RegistrationsPerAddressPerHour < 0)
        {
            yield return $"Presence:RegistrationsPerAddressPerHour must be 0 (no limit) or more, not {RegistrationsPerAddressPerHour}.";
        }

        if (ResumeWindow < TimeSpan.Zero)
        {
            yield return $"Presence:ResumeWindow must be zero or longer, not {ResumeWindow}.";
        }

        foreach (var name in Moderators.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (ChatNames.Validate(name, ChatNames.Kind.User) is { } reason)
            {
                yield return $"Presence:Moderators names '{name}', which no account can have: {reason} Separate names with ','.";
            }
        }

        if (ModeratorBadge.Length is 0 or > ChatNames.MaxLength || !ModeratorBadge.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            yield return $"Presence:ModeratorBadge must be 1 to {ChatNames.MaxLength} of A-Z, a-z, 0-9, '_' and '-' (it is shown as \"[{{badge}}] name: …\"), not '{ModeratorBadge}'.";
        }
    }
}
