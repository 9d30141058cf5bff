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
    /// The rate a client paces itself to: a tenth under the gateway's, and a quarter of the burst kept in
    /// hand. The gateway's bucket empties when the frames arrive, a moment after the client's did, so it
    /// refills that moment later: pacing to the exact limit lost the 41st line of a 60-line paste in the
    /// test that checks this (ConsoleClientTests).
    /// </summary>
    public const double ClientMessagesPerSecond = MessagesPerSecond * 0.9;

    /// <summary>The burst a client allows itself (see <see cref="ClientMessagesPerSecond"/>).</summary>
    public const int ClientMessageBurst = MessageBurst * 3 / 4;
}
