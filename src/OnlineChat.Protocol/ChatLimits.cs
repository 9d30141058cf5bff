namespace OnlineChat.Protocol;

/// <summary>
/// The gateway's default limits per connection, which the client keeps to on its own side: a frame it could
/// not send would cost the connection, and a line refused for speed would be lost to the user.
/// </summary>
public static class ChatLimits
{
    /// <summary>Largest frame payload a gateway accepts by default (Gateway:MaxFrameBytes); a larger one ends the connection.</summary>
    public const int MaxFrameBytes = 8 * 1024;

    /// <summary>Room kept in a frame for a numbered frame's "@n " prefix (a client that resumes numbers its lines).</summary>
    public const int NumberPrefixBytes = 24;

    /// <summary>Largest line a client sends: the frame limit less the number prefix.</summary>
    public const int MaxLineBytes = MaxFrameBytes - NumberPrefixBytes;

    /// <summary>Frames per second a client may send (Gateway:MessagesPerSecond).</summary>
    public const double MessagesPerSecond = 20;

    /// <summary>Frames a client may send at once after a quiet spell (Gateway:MessageBurst).</summary>
    public const int MessageBurst = 40;

    /// <summary>
    /// The rate a client paces itself to: a tenth under the gateway's, and half of the burst kept in hand.
    /// The gateway's bucket counts a frame when it reads it, not when the client sent it: its bucket
    /// refills a moment later than the client's (pacing to the exact limit lost the 41st line of a 60-line
    /// paste in ConsoleClientTests), and if the gateway stalls while a paste is on its way, the frames that
    /// queued meanwhile are read at once into a bucket that cannot hold more than 40 (with 30 in hand that
    /// test once lost lines 41-47 on a clean-clone CI run). The gateway now makes a numbered frame over its
    /// limit wait rather than refusing it, so pacing only keeps those waits rare.
    /// </summary>
    public const double ClientMessagesPerSecond = MessagesPerSecond * 0.9;

    /// <summary>The burst a client allows itself (see <see cref="ClientMessagesPerSecond"/>).</summary>
    public const int ClientMessageBurst = MessageBurst / 2;
}
