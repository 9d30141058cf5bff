namespace OnlineChat.Presence;

public sealed class PresenceOptions
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

    /// <summary>Shown before a moderator's name on their messages: "[teacher] ann: …".</summary>
    public string ModeratorBadge { get; set; } = "teacher";
}
