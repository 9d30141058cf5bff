using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace OnlineChat.Gateway.Delivery;

/// <summary>
/// Everything bound for one client, in order, bounded in bytes.
/// <para>
/// The common case costs one system call and nothing else: when nothing is waiting ahead of it, a frame goes
/// straight from the delivering thread into the socket with a non-blocking send (no copy, no hand-off to a
/// writer task, no thread hop), as a C server does. Only what the kernel cannot take yet (the client reads
/// slower than we send) waits here, and an async loop sends it as the client catches up; meanwhile later
/// frames queue behind it, so order holds. What waits counts against <c>Gateway:OutboundQueueBytes</c> until
/// the kernel has taken it: a client that stops reading is cut off, never allowed to grow the gateway's memory.
/// </para>
/// <para>
/// A fan-out sends through <see cref="TryClaim"/> and <see cref="Release"/> instead, so that the sends to all
/// recipients of a delivery can go to the kernel together (<see cref="SendBatch"/>); the rules are the same.
/// </para>
/// <para>
/// Without a socket (a transport other than Kestrel's sockets) every frame takes the async path through the
/// connection's pipe instead.
/// </para>
/// </summary>
public sealed class OutboundQueue
{
    /// <summary>For <see cref="Release"/>: the send's outcome is unknown (the ring failed), so part of it may have been sent.</summary>
    internal const int SendStateUnknown = int.MinValue;

    private const string OverflowReason = "Outbound queue full: the client is not reading.";
    private const string UnknownReason = "A batched send failed midway: the connection is closed rather than risk a broken frame.";
    private const int EAGAIN = 11;

    private readonly Lock _gate = new();
    private readonly Socket? _socket;
    private readonly SafeSocketHandle? _handle;
    private readonly PipeWriter _output;
    private readonly long _limitBytes;
    private readonly Action<OutboundFailure, string> _fail;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private List<ArraySegment<byte>> _waiting = [];
    private List<ArraySegment<byte>> _sending = [];
    private long _queuedBytes;
    private bool _loopRunning;
    private bool _completed;
    private bool _abandoned;

    /// <param name="socket">The client's socket, or null to go through <paramref name="output"/>.</param>
    /// <param name="output">The connection's pipe, used only when there is no socket.</param>
    /// <param name="limitBytes">How much may wait for a client before it is cut off.</param>
    /// <param name="fail">Ends the connection, with the reason: called once, outside the queue's lock.</param>
    public OutboundQueue(Socket? socket, PipeWriter output, long limitBytes, Action<OutboundFailure, string> fail)
    {
        _socket = socket;
        _output = output;
        _limitBytes = limitBytes;
        _fail = fail;
        if (_socket is not null)
        {
            // Only our synchronous sends see this: they must return at once when the kernel's buffer is full
            // instead of parking the delivering thread. Kestrel's reads are asynchronous and unaffected.
            _socket.Blocking = false;
            _handle = _socket.SafeHandle;
        }
    }

    /// <summary>Completes once everything queued was handed to the kernel after <see cref="Complete"/>, or on failure.</summary>
    public Task Drained => _drained.Task;

    /// <summary>
    /// Sends already-framed bytes (the array may be shared with other clients and is never changed). False
    /// when the queue is completed or this client fell too far behind (it is then disconnected).
    /// </summary>
    public bool TrySend(byte[] frames)
    {
        string? failure = null;
        var overflow = false;
        bool startLoop;
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }

            var sent = _loopRunning ? 0 : SendNow(frames, out failure);
            if (sent == frames.Length)
            {
                return true;
            }

            if (failure is null && !TryEnqueue(new ArraySegment<byte>(frames, sent, frames.Length - sent)))
            {
                (failure, overflow) = (OverflowReason, true);
            }

            startLoop = failure is null && !_loopRunning;
            _loopRunning |= startLoop;
            if (failure is not null)
            {
                Abandon();
            }
        }

        if (failure is not null)
        {
            _fail(overflow ? OutboundFailure.Overflow : OutboundFailure.Broken, failure);
            return false;
        }

        if (startLoop)
        {
            // Runs on this thread until its first send, which parks at once (the kernel's buffer is full).
            _ = SendWaitingAsync();
        }

        return true;
    }

    /// <summary>
    /// The first half of a send made elsewhere (a <see cref="SendBatch"/>). <see cref="SendClaim.Claimed"/>: the
    /// caller sends <paramref name="frames"/> on <paramref name="fd"/> without blocking and then must call
    /// <see cref="Release"/>; until then the descriptor stays open and anything else for this client queues
    /// behind these frames. <see cref="SendClaim.Queued"/>: frames were already waiting, these joined them.
    /// <see cref="SendClaim.Refused"/>: as when <see cref="TrySend"/> returns false.
    /// </summary>
    internal SendClaim TryClaim(byte[] frames, out int fd)
    {
        fd = -1;
        if (_handle is null)
        {
            return TrySend(frames) ? SendClaim.Queued : SendClaim.Refused;
        }

        string failure;
        var overflow = false;
        lock (_gate)
        {
            if (_completed)
            {
                return SendClaim.Refused;
            }

            if (_loopRunning)
            {
                if (TryEnqueue(new ArraySegment<byte>(frames)))
                {
                    return SendClaim.Queued;
                }

                (failure, overflow) = (OverflowReason, true);
            }
            else
            {
                var added = false;
                try
                {
                    // Keeps the descriptor from being closed, and its number reused, while the kernel sends on it.
                    _handle.DangerousAddRef(ref added);
                }
                catch (ObjectDisposedException)
                {
                }

                if (added)
                {
                    _loopRunning = true;
                    fd = (int)_handle.DangerousGetHandle();
                    return SendClaim.Claimed;
                }

                failure = "The connection is closed.";
            }

            Abandon();
        }

        _fail(overflow ? OutboundFailure.Overflow : OutboundFailure.Broken, failure);
        return SendClaim.Refused;
    }

    /// <summary>
    /// The second half of a claimed send: <paramref name="result"/> is what the kernel answered (bytes taken, or
    /// minus an errno), or <see cref="SendStateUnknown"/>. What it did not take waits here, ahead of anything
    /// that queued meanwhile. With no answer nothing is sent again: the client may have part of the frames,
    /// and the rest resent after it would corrupt its stream, so the connection ends with the reason.
    /// </summary>
    internal void Release(byte[] frames, int result)
    {
        _handle!.DangerousRelease();
        string? failure = null;
        var overflow = false;
        var startLoop = false;
        lock (_gate)
        {
            if (_abandoned)
            {
                _loopRunning = false;
                return;
            }

            var sent = result == -EAGAIN ? 0 : result;
            if (result == SendStateUnknown)
            {
                failure = UnknownReason;
            }
            else if (sent < 0)
            {
                failure = $"Send failed: {Marshal.GetPInvokeErrorMessage(-result)}.";
            }
            else if (sent < frames.Length)
            {
                if (_queuedBytes + frames.Length - sent > _limitBytes)
                {
                    (failure, overflow) = (OverflowReason, true);
                }
                else
                {
                    _queuedBytes += frames.Length - sent;
                    _waiting.Insert(0, new ArraySegment<byte>(frames, sent, frames.Length - sent));
                }
            }

            if (failure is not null)
            {
                _loopRunning = false;
                Abandon();
            }
            else if (_waiting.Count > 0)
            {
                startLoop = true; // _loopRunning stays set: the loop owns the socket from here.
            }
            else
            {
                _loopRunning = false;
                if (_completed)
                {
                    _drained.TrySetResult();
                }
            }
        }

        if (failure is not null)
        {
            _fail(overflow ? OutboundFailure.Overflow : OutboundFailure.Broken, failure);
        }
        else if (startLoop)
        {
            _ = SendWaitingAsync();
        }
    }

    /// <summary>Stops accepting frames; what waits is still sent, then <see cref="Drained"/> completes.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            if (!_loopRunning)
            {
                _drained.TrySetResult();
            }
        }
    }

    /// <summary>One non-blocking send; returns how much the kernel took, with a failure when the socket is broken.</summary>
    private int SendNow(byte[] frames, out string? failure)
    {
        failure = null;
        if (_socket is null)
        {
            return 0;
        }

        try
        {
            var sent = _socket.Send(frames, SocketFlags.None, out var error);
            if (error is SocketError.Success or SocketError.WouldBlock)
            {
                return Math.Max(sent, 0);
            }

            failure = $"Send failed: {error}.";
        }
        catch (ObjectDisposedException)
        {
            failure = "The connection is closed.";
        }

        return 0;
    }

    private bool TryEnqueue(ArraySegment<byte> rest)
    {
        if (_queuedBytes + rest.Count > _limitBytes)
        {
            return false;
        }

        _queuedBytes += rest.Count;
        _waiting.Add(rest);
        return true;
    }

    /// <summary>Drops what waits and refuses more; true the first time, when the caller must end the connection.</summary>
    private bool Abandon()
    {
        if (_abandoned)
        {
            return false;
        }

        _abandoned = _completed = true;
        _waiting.Clear();
        _queuedBytes = 0;
        _drained.TrySetResult();
        return true;
    }

    /// <summary>Sends what waits, oldest first, until nothing does; then the direct path takes over again.</summary>
    private async Task SendWaitingAsync()
    {
        while (true)
        {
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _loopRunning = false;
                    if (_completed)
                    {
                        _drained.TrySetResult();
                    }

                    return;
                }

                // Swap the lists: frames that arrive while these are sent queue behind them.
                (_sending, _waiting) = (_waiting, _sending);
            }

            long bytes = 0;
            try
            {
                foreach (var segment in _sending)
                {
                    bytes += segment.Count;
                    if (_socket is null)
                    {
                        _output.Write(segment.AsSpan());
                    }
                }

                if (_socket is not null)
                {
                    await SendAllAsync(_socket, _sending);
                }
                else if ((await _output.FlushAsync()).IsCompleted)
                {
                    throw new IOException("The connection is closed.");
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException or InvalidOperationException or OperationCanceledException)
            {
                bool first;
                lock (_gate)
                {
                    _loopRunning = false;
                    first = Abandon();
                }

                if (first)
                {
                    _fail(OutboundFailure.Broken, $"Send failed: {ex.Message}");
                }

                return;
            }
            finally
            {
                _sending.Clear();
            }

            lock (_gate)
            {
                if (_abandoned)
                {
                    _loopRunning = false;
                    return;
                }

                _queuedBytes -= bytes;
            }
        }
    }

    /// <summary>A stream socket's async send may take part of a list; this one returns when all of it is sent.</summary>
    private static async Task SendAllAsync(Socket socket, List<ArraySegment<byte>> segments)
    {
        var left = segments.Sum(s => (long)s.Count);
        while (left > 0)
        {
            var sent = await socket.SendAsync(segments, SocketFlags.None);
            if (sent <= 0)
            {
                throw new IOException("The connection is closed.");
            }

            left -= sent;
            if (left > 0)
            {
                Skip(segments, sent);
            }
        }
    }

    private static void Skip(List<ArraySegment<byte>> segments, int bytes)
    {
        while (bytes > 0)
        {
            var first = segments[0];
            if (bytes >= first.Count)
            {
                segments.RemoveAt(0);
                bytes -= first.Count;
            }
            else
            {
                segments[0] = first.Slice(bytes);
                bytes = 0;
            }
        }
    }
}

/// <summary>What <see cref="OutboundQueue.TryClaim"/> did with the frames.</summary>
internal enum SendClaim
{
    Refused,
    Queued,
    Claimed,
}

/// <summary>Why an <see cref="OutboundQueue"/> gave up on its client.</summary>
public enum OutboundFailure
{
    /// <summary>The client stopped reading and its queue reached the limit.</summary>
    Overflow,

    /// <summary>The socket failed or was closed under us.</summary>
    Broken,
}
