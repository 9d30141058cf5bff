using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using OnlineChat.Gateway.Delivery;
using OnlineChat.Protocol;

namespace OnlineChat.Gateway;

/// <summary>
/// One connected client: its name once logged in, and its <see cref="OutboundQueue"/>. Everything sent to the
/// client goes through <see cref="TrySend"/>, so replies and relayed messages keep their order.
/// </summary>
public sealed class ChatSession
{
    private readonly ConnectionContext _connection;
    private readonly OutboundQueue _outbound;

    /// <param name="onOverflow">Told when the client is cut off for not reading (for the log and the metric).</param>
    public ChatSession(ConnectionContext connection, long queueLimitBytes, Action<ChatSession> onOverflow)
    {
        _connection = connection;
        // Sends go straight to the socket when there is one to itself; a TLS connection's bytes must pass
        // through Kestrel's TLS layer, so it takes the pipe like a connection without a socket.
        var socket = connection.Features.Get<ITlsHandshakeFeature>() is null
            ? connection.Features.Get<IConnectionSocketFeature>()?.Socket
            : null;
        _outbound = new OutboundQueue(socket, connection.Transport.Output, queueLimitBytes, (failure, reason) =>
        {
            if (failure == OutboundFailure.Overflow)
            {
                onOverflow(this);
            }

            _connection.Abort(new ConnectionAbortedException(reason));
        });
    }

    public string ConnectionId => _connection.ConnectionId;

    /// <summary>The final username, set once the directory has granted it.</summary>
    public string? User { get; set; }

    /// <summary>A moderator's badge, shown on their messages ("[teacher] ann: …"); null for everyone else.</summary>
    public string? Badge { get; set; }

    /// <summary>True once the name is an account's (after /register or /login): then /logout applies.</summary>
    public bool IsAccount { get; set; }

    /// <summary>The client's IP address, for per-address limits such as failed logins.</summary>
    public string? RemoteAddress => (_connection.RemoteEndPoint as System.Net.IPEndPoint)?.Address.ToString();

    /// <summary>
    /// The client opted in to resuming (docs/protocol.md, "Resuming"): its lines carry their log ids, and when
    /// the connection drops without /quit the login is suspended for it to resume, not ended.
    /// </summary>
    public bool WantsLogIds { get; set; }

    /// <summary>
    /// The last log id this session was sent by a catch-up (<see cref="RelayListener.AttachAsync"/>), which reads the
    /// log to its end: live delivery skips what is not after it, so nothing arrives twice. Zero for most sessions.
    /// </summary>
    public LogId SkipThrough { get; set; } = LogId.Zero;

    /// <summary>
    /// From this log position on, every line for the session's name has reached it, live or by a catch-up: the
    /// claim's position, a resume's last seen id, an account login's position. A /login leaves out of what the
    /// account missed the group messages the session heard under its guest name after it. Null: not known.
    /// </summary>
    public LogId? HeardSince { get; set; }

    /// <summary>The secret that resumes this login (a client that resumes); its numbered frames are deduplicated under it.</summary>
    public string? ResumeSecret { get; set; }

    /// <summary>
    /// Set when presence may have granted a login this session never heard about: the call failed after it was
    /// sent (an answer lost, a timeout), so the directory may hold a name for this connection's token.
    /// </summary>
    public bool LoginInDoubt { get; set; }

    /// <summary>Set when the login ends on purpose (/quit, /logout, replaced elsewhere): then it is never kept for resuming.</summary>
    public bool LeftOnPurpose { get; set; }

    /// <summary>The directory's token for this login (see SessionToken).</summary>
    public string? Token { get; set; }

    /// <summary>Broadcasts sent to Redis and not yet acknowledged (see ChatCommandHandler).</summary>
    public int PublishesInFlight;

    /// <summary>Flood control for what this client sends; null when unlimited.</summary>
    public TokenBucket? Bucket { get; set; }

    /// <summary>Fires when the client's connection is gone.</summary>
    public CancellationToken ConnectionClosed => _connection.ConnectionClosed;

    /// <summary>What this client's address shares with its other connections; null when the address is unknown.</summary>
    public AddressBudget? Address { get; set; }

    /// <summary>Completes when everything queued before <see cref="CompleteOutbound"/> has been sent (or the client is gone).</summary>
    public Task OutboundDrained => _outbound.Drained;

    /// <summary>
    /// Sends already-framed bytes (one frame or several back to back; the array may be shared with other
    /// sessions and is never changed). A client that has fallen too far behind is disconnected.
    /// </summary>
    public bool TrySend(byte[] frames) => _outbound.TrySend(frames);

    /// <summary>Completes when the client's queue is at most half full, or the connection is ending (<see cref="OutboundQueue.RoomAsync"/>).</summary>
    public Task OutboundRoomAsync() => _outbound.RoomAsync();

    /// <summary>Whether <see cref="OutboundRoomAsync"/> would complete now.</summary>
    public bool HasOutboundRoom => _outbound.HasRoom;

    /// <summary>The most bytes to send this client at once when they could be paced instead: half its queue's limit.</summary>
    public long OutboundBurstBytes => _outbound.BurstBytes;

    /// <summary>The client's queue, for sends made in a <see cref="SendBatch"/>.</summary>
    internal OutboundQueue Outbound => _outbound;

    public bool TrySendText(string text) => TrySend(FrameWriter.Encode(text));

    /// <summary>Stops accepting frames; what is queued is still sent.</summary>
    public void CompleteOutbound() => _outbound.Complete();

    /// <summary>Ends the session from the server side: what is queued is still sent, then the read loop stops.</summary>
    public void Close()
    {
        CompleteOutbound();
        _connection.Transport.Input.CancelPendingRead();
    }
}
