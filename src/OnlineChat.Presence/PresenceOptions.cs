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
}
