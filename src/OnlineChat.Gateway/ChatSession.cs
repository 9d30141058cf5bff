using System.Buffers;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using OnlineChat.Protocol;

namespace OnlineChat.Gateway;

/// <summary>
/// One connected client: its name once logged in, and its outbound queue. Everything sent to the client goes
/// through <see cref="TrySend"/>, so replies and relayed messages keep their order, and one writer drains the
/// queue into the socket with a single flush per batch (many queued frames become one write). The queue is
/// bounded in bytes: a client that stops reading is disconnected, never allowed to grow the gateway's memory.
/// </summary>
public sealed class ChatSession
{
    private readonly ConnectionContext _connection;
    private readonly Channel<byte[]> _outbound;
    private readonly Action<ChatSession> _onOverflow;
    private readonly long _queueLimitBytes;
    private long _queuedBytes;

    public ChatSession(ConnectionContext connection, long queueLimitBytes, Action<ChatSession> onOverflow)
    {
        _connection = connection;
        _onOverflow = onOverflow;
        _queueLimitBytes = queueLimitBytes;
        _outbound = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    }

    public string ConnectionId => _connection.ConnectionId;

    /// <summary>The final username, set once the directory has granted it.</summary>
    public string? User { get; set; }

    /// <summary>The directory's token for this login (see SessionToken).</summary>
    public string? Token { get; set; }

    /// <summary>Broadcasts sent to Redis and not yet acknowledged (see ChatCommandHandler).</summary>
    public int PublishesInFlight;

    /// <summary>Flood control for what this client sends; null when unlimited.</summary>
    public TokenBucket? Bucket { get; set; }

    /// <summary>
    /// Queues already-framed bytes (one frame or several back to back; the array may be shared with other
    /// sessions and is never changed). A client that has fallen too far behind is disconnected.
    /// </summary>
    public bool TrySend(byte[] frames)
    {
        if (Interlocked.Add(ref _queuedBytes, frames.Length) > _queueLimitBytes)
        {
            if (_outbound.Writer.TryComplete())
            {
                _onOverflow(this);
                _connection.Abort(new ConnectionAbortedException("Outbound queue full: the client is not reading."));
            }

            return false;
        }

        return _outbound.Writer.TryWrite(frames);
    }

    public bool TrySendText(string text) => TrySend(FrameWriter.Encode(text));

    /// <summary>Stops accepting frames; the writer sends what is queued, then ends.</summary>
    public void CompleteOutbound() => _outbound.Writer.TryComplete();

    /// <summary>Ends the session from the server side: what is queued is still sent, then the read loop stops.</summary>
    public void Close()
    {
        CompleteOutbound();
        _connection.Transport.Input.CancelPendingRead();
    }

    /// <summary>Drains the queue into the socket until <see cref="CompleteOutbound"/> or the connection ends.</summary>
    public async Task RunWriterAsync(CancellationToken cancellationToken)
    {
        var output = _connection.Transport.Output;
        var reader = _outbound.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken))
            {
                while (reader.TryRead(out var frames))
                {
                    output.Write(frames);
                    // Handed to Kestrel, whose buffer is bounded on its own (the flush below waits while it
                    // is full, and meanwhile what arrives counts against this client's limit).
                    Interlocked.Add(ref _queuedBytes, -frames.Length);
                }

                var result = await output.FlushAsync(cancellationToken);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ConnectionResetException or ConnectionAbortedException or InvalidOperationException)
        {
            // The client went away; the read side notices and cleans up.
        }
    }
}
