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
    private readonly OutboundState _state;
    private readonly Socket? _socket;
    private readonly SafeSocketHandle? _handle;
    private readonly PipeWriter _output;
    private readonly Action<OutboundFailure, string> _fail;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _room;

    /// <param name="socket">The client's socket, or null to go through <paramref name="output"/>.</param>
    /// <param name="output">The connection's pipe, used only when there is no socket.</param>
    /// <param name="limitBytes">How much may wait for a client before it is cut off.</param>
    /// <param name="fail">Ends the connection, with the reason: called once, outside the queue's lock.</param>
    public OutboundQueue(Socket? socket, PipeWriter output, long limitBytes, Action<OutboundFailure, string> fail)
    {
        _state = new OutboundState(limitBytes);
        _socket = socket;
        _output = output;
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
    /// Completes when at most half of the limit waits (at once if so now), or nothing more will be sent. For a
    /// sender with a lot to send that may wait (a catch-up's bulk): sent at once, what the kernel does not take
    /// would count against the limit and cut off a client that is reading, only not as fast as we can send.
    /// </summary>
    public Task RoomAsync()
    {
        lock (_gate)
        {
            if (_state.HasRoom)
            {
                return Task.CompletedTask;
            }

            _room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _room.Task;
        }
    }

    /// <summary>The same test as <see cref="RoomAsync"/>, now: at most half of the limit waits, or nothing more will be sent.</summary>
    public bool HasRoom
    {
        get
        {
            lock (_gate)
            {
                return _state.HasRoom;
            }
        }
    }

    /// <summary>Half the limit: the most to hand over at once, without waiting for <see cref="RoomAsync"/> in between.</summary>
    public long BurstBytes => _state.BurstBytes;

    /// <summary>
    /// Sends already-framed bytes (the array may be shared with other clients and is never changed). False
    /// when the queue is completed or this client fell too far behind (it is then disconnected).
    /// </summary>
    public bool TrySend(byte[] frames)
    {
        Outcome outcome;
        string? brokenReason = null;
        lock (_gate)
        {
            switch (_state.Offer())
            {
                case Offer.Refused:
                    return false;
                case Offer.Queue:
                    outcome = _state.Enqueue(new ArraySegment<byte>(frames));
                    break;
                default:
                    var sent = SendNow(frames, out brokenReason);
                    outcome = _state.AfterDirectSend(new ArraySegment<byte>(frames, sent, frames.Length - sent), broken: brokenReason is not null);
                    break;
            }

            SignalWaiters();
        }

        return Follow(outcome, brokenReason);
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

        Outcome outcome;
        lock (_gate)
        {
            switch (_state.Offer())
            {
                case Offer.Refused:
                    return SendClaim.Refused;
                case Offer.Queue:
                    outcome = _state.Enqueue(new ArraySegment<byte>(frames));
                    if (outcome == Outcome.Done)
                    {
                        return SendClaim.Queued;
                    }

                    break;
                default:
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
                        _state.Claim();
                        fd = (int)_handle.DangerousGetHandle();
                        return SendClaim.Claimed;
                    }

                    outcome = _state.AfterDirectSend(default, broken: true);
                    break;
            }

            SignalWaiters();
        }

        Follow(outcome, "The connection is closed.");
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
        var sent = result == -EAGAIN || result == SendStateUnknown ? 0 : result;
        Outcome outcome;
        lock (_gate)
        {
            outcome = _state.AfterClaimedSend(
                sent < 0 ? default : new ArraySegment<byte>(frames, sent, frames.Length - sent),
                broken: sent < 0, unknown: result == SendStateUnknown);
            SignalWaiters();
        }

        Follow(outcome, sent < 0 ? $"Send failed: {Marshal.GetPInvokeErrorMessage(-sent)}." : null);
    }

    /// <summary>Stops accepting frames; what waits is still sent, then <see cref="Drained"/> completes.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _state.Complete();
            SignalWaiters();
        }
    }

    /// <summary>Acts on what the state decided, outside the lock; false when the client was given up.</summary>
    private bool Follow(Outcome outcome, string? brokenReason)
    {
        switch (outcome)
        {
            case Outcome.StartLoop:
                // Runs on this thread until its first send, which parks at once (the kernel's buffer is full).
                _ = SendWaitingAsync();
                return true;
            case Outcome.Overflow:
                _fail(OutboundFailure.Overflow, OverflowReason);
                return false;
            case Outcome.Unknown:
                _fail(OutboundFailure.Broken, UnknownReason);
                return false;
            case Outcome.Broken:
                _fail(OutboundFailure.Broken, brokenReason ?? "The connection is closed.");
                return false;
            default:
                return true;
        }
    }

    /// <summary>Under the lock, after every change of the state: completes what waits for it.</summary>
    private void SignalWaiters()
    {
        if (_state.Drained)
        {
            _drained.TrySetResult();
        }

        if (_room is not null && _state.HasRoom)
        {
            _room.TrySetResult();
            _room = null;
        }
    }

    /// <summary>One non-blocking send; returns how much the kernel took, with a reason when the socket is broken.</summary>
    private int SendNow(byte[] frames, out string? brokenReason)
    {
        brokenReason = null;
        if (_socket is null)
        {
            return 0; // Everything takes the loop's path through the pipe.
        }

        try
        {
            var sent = _socket.Send(frames, SocketFlags.None, out var error);
            if (error is SocketError.Success or SocketError.WouldBlock)
            {
                return Math.Max(sent, 0);
            }

            brokenReason = $"Send failed: {error}.";
        }
        catch (ObjectDisposedException)
        {
            brokenReason = "The connection is closed.";
        }

        return 0;
    }

    /// <summary>Sends what waits, oldest first, until nothing does; then the direct path takes over again.</summary>
    private async Task SendWaitingAsync()
    {
        while (true)
        {
            List<ArraySegment<byte>>? sending;
            lock (_gate)
            {
                // Frames that arrive while these are sent queue behind them.
                sending = _state.TakeWaiting();
                if (sending is null)
                {
                    SignalWaiters();
                    return;
                }
            }

            long bytes = 0;
            try
            {
                foreach (var segment in sending)
                {
                    bytes += segment.Count;
                    if (_socket is null)
                    {
                        _output.Write(segment.AsSpan());
                    }
                }

                if (_socket is not null)
                {
                    await SendAllAsync(_socket, sending);
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
                    first = _state.AfterLoopFailure();
                    SignalWaiters();
                }

                if (first)
                {
                    _fail(OutboundFailure.Broken, $"Send failed: {ex.Message}");
                }

                return;
            }

            lock (_gate)
            {
                var goOn = _state.AfterLoopSend(bytes);
                SignalWaiters();
                if (!goOn)
                {
                    return;
                }
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
