using OnlineChat.Backplane;
using OnlineChat.Gateway.Delivery;
using OnlineChat.Protocol;

namespace OnlineChat.Gateway;

public sealed class GatewayOptions : ICheckedSettings
{
    public const string SectionName = "Gateway";

    /// <summary>TCP port for chat clients (the seed used 8888). The AppHost sets it per gateway.</summary>
    public int Port { get; set; } = 8888;

    /// <summary>
    /// A second chat port that speaks TLS, with the same framing inside; 0 for none. The plain port stays
    /// for clients that cannot do TLS (the seed's). -1: a free port (tests).
    /// </summary>
    public int TlsPort { get; set; }

    /// <summary>PKCS#12 file with the TLS port's certificate and key; empty: a self-signed one made at start.</summary>
    public string TlsCertificatePath { get; set; } = "";

    public string? TlsCertificatePassword { get; set; }

    /// <summary>Address to accept chat clients on; "*" for every interface.</summary>
    public string ListenAddress { get; set; } = "*";

    /// <summary>Unique among live gateways; generated when empty. Must not contain '/'.</summary>
    public string Id { get; set; } = "";

    /// <summary>Largest frame payload a client may send, in bytes. Bigger frames are refused and the connection closed.</summary>
    public int MaxFrameBytes { get; set; } = ChatLimits.MaxFrameBytes;

    /// <summary>How long a new connection has to send its username. A client sends it at once; only half-open connections wait.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The pause before each handshake frame that follows the final name, for a client that does not resume
    /// (the seed's kind). The seed's Client.py reads a frame with one recv(1024) and keeps whatever came with
    /// it: sent back to back, the welcome arrived with the name 52 times in 60, and became part of the name.
    /// Zero: none.
    /// </summary>
    public TimeSpan SeedHandshakePause { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Handshakes in progress from one remote address; one more pushes out the address's oldest (told why).
    /// Real handshakes take milliseconds, so this only bites half-open connections. 0: no limit.
    /// </summary>
    public int MaxHandshakesPerAddress { get; set; } = 20;

    /// <summary>Frames per second from all connections of one remote address together (token bucket refill). 0: no limit.</summary>
    public double AddressMessagesPerSecond { get; set; } = 100;

    /// <summary>Frames all connections of one address may send in a burst above <see cref="AddressMessagesPerSecond"/>.</summary>
    public int AddressMessageBurst { get; set; } = 200;

    /// <summary>
    /// How long a client may be unreachable (no answer to TCP keepalive probes, or sent data unacknowledged)
    /// before its connection is ended as if it had dropped: see <see cref="DeadPeerDetection"/>. Zero: the
    /// system's TCP settings (a vanished client of a quiet chat then stays online until the gateway stops).
    /// </summary>
    public TimeSpan DeadConnectionTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// The most names one /lo or /listallg answer shows; the answer says how many more there are and how to
    /// narrow it (<c>/lo &lt;text&gt;</c>). Without it a big deployment's answer is one frame of megabytes.
    /// </summary>
    public int MaxListedNames { get; set; } = 1_000;

    /// <summary>Bytes queued for one client (not yet handed to the socket) before it counts as too slow and is disconnected.</summary>
    public long OutboundQueueBytes { get; set; } = 1024 * 1024;

    /// <summary>How long the directory keeps this gateway's users after its last lease renewal.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>How often the lease is renewed; several renewals fit in one <see cref="LeaseDuration"/>.</summary>
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Open chat connections this gateway accepts; further ones are told the gateway is full. 0: no limit.</summary>
    public int MaxConnections { get; set; } = 20_000;

    /// <summary>Open chat connections from one remote IP address; further ones are refused. 0: no limit.</summary>
    public int MaxConnectionsPerAddress { get; set; } = 1_000;

    /// <summary>Sustained frames per second one client may send (token bucket refill). 0: no limit.</summary>
    public double MessagesPerSecond { get; set; } = ChatLimits.MessagesPerSecond;

    /// <summary>Frames a client may send in a burst above <see cref="MessagesPerSecond"/> (bucket size).</summary>
    public int MessageBurst { get; set; } = ChatLimits.MessageBurst;

    /// <summary>
    /// Send a fan-out's frames to all its local recipients with one io_uring submission (Linux) rather than one
    /// send() per recipient. Falls back to the latter by itself where io_uring is unavailable.
    /// </summary>
    public bool BatchedSends { get; set; } = true;

    /// <summary>Base address of the presence service; "http://presence" resolves through Aspire service discovery.</summary>
    public string PresenceUrl { get; set; } = "http://presence";

    /// <summary>
    /// The most thread-pool workers the gateway process runs at once; 0: the runtime's own (at least one per
    /// core, more under load). For several gateways sharing a machine (the AppHost sets each one's share of
    /// the cores): see <see cref="WorkerThreadLimit"/>. Read once, at start.
    /// </summary>
    public int WorkerThreads { get; set; }

    /// <summary>The least <see cref="MaxFrameBytes"/> may be: room for the longest command's words (/register with its longest password, /invite with two names).</summary>
    public const int SmallestFrameBytes = 256;

    /// <summary>The most <see cref="MaxFrameBytes"/> may be: what a client is allowed to send in one frame is read into memory whole.</summary>
    public const int LargestFrameBytes = 1024 * 1024;

    /// <summary>
    /// What is wrong with these settings, each said so that an operator can mend it; none when they are usable.
    /// Without it, a gateway Id with a '/' would misroute every message to its users (a session token is
    /// "{gateway id}/{connection}"), and a renewal interval near the lease would let the directory drop them.
    /// </summary>
    public IEnumerable<string> Problems()
    {
        if (Port is < 0 or > 65535)
        {
            yield return $"Gateway:Port must be 0 (a free port) to 65535, not {Port}.";
        }

        if (TlsPort is < -1 or > 65535)
        {
            yield return $"Gateway:TlsPort must be 0 (no TLS port), -1 (a free port) or up to 65535, not {TlsPort}.";
        }

        if (Id.Contains('/'))
        {
            yield return $"Gateway:Id must not contain '/' (a session token is \"{{gateway id}}/{{connection}}\"), not '{Id}'.";
        }

        if (MaxFrameBytes is < SmallestFrameBytes or > LargestFrameBytes)
        {
            yield return $"Gateway:MaxFrameBytes must be {SmallestFrameBytes} to {LargestFrameBytes}, not {MaxFrameBytes}.";
        }

        if (OutboundQueueBytes < MaxFrameBytes)
        {
            yield return $"Gateway:OutboundQueueBytes must hold at least one frame (Gateway:MaxFrameBytes, {MaxFrameBytes}), not {OutboundQueueBytes}.";
        }

        if (SeedHandshakePause < TimeSpan.Zero || SeedHandshakePause > TimeSpan.FromSeconds(1))
        {
            yield return $"Gateway:SeedHandshakePause must be from 0 to 1 second, not {SeedHandshakePause}.";
        }

        if (DeadConnectionTimeout != TimeSpan.Zero && (DeadConnectionTimeout < TimeSpan.FromSeconds(10) || DeadConnectionTimeout > TimeSpan.FromHours(2)))
        {
            yield return $"Gateway:DeadConnectionTimeout must be 0 (the system's TCP settings) or from 10 seconds to 2 hours, not {DeadConnectionTimeout}.";
        }

        if (HandshakeTimeout <= TimeSpan.Zero)
        {
            yield return $"Gateway:HandshakeTimeout must be longer than zero, not {HandshakeTimeout}.";
        }

        if (LeaseRenewInterval <= TimeSpan.Zero || LeaseRenewInterval * 2 > LeaseDuration)
        {
            yield return $"Gateway:LeaseRenewInterval must be longer than zero and at most half of Gateway:LeaseDuration ({LeaseDuration}), so that one late renewal does not log this gateway's users out; not {LeaseRenewInterval}.";
        }

        foreach (var (name, value) in new (string, double)[]
        {
            ("MaxHandshakesPerAddress", MaxHandshakesPerAddress), ("MaxConnections", MaxConnections),
            ("MaxConnectionsPerAddress", MaxConnectionsPerAddress), ("WorkerThreads", WorkerThreads),
            ("MessagesPerSecond", MessagesPerSecond), ("AddressMessagesPerSecond", AddressMessagesPerSecond),
        })
        {
            if (!(value >= 0) || double.IsInfinity(value))
            {
                yield return $"Gateway:{name} must be 0 (no limit) or more, not {value}.";
            }
        }

        foreach (var (name, value) in new[] { ("MessageBurst", MessageBurst), ("AddressMessageBurst", AddressMessageBurst), ("MaxListedNames", MaxListedNames) })
        {
            if (value < 1)
            {
                yield return $"Gateway:{name} must be 1 or more, not {value}.";
            }
        }
    }
}
