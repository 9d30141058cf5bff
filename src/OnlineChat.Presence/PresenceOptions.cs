namespace OnlineChat.Presence;

public sealed class PresenceOptions
{
    public const string SectionName = "Presence";

    /// <summary>How often expired gateway leases are looked for. Gateways renew theirs well within the lease.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);
}
