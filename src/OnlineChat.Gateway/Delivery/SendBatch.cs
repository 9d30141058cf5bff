using System.Runtime.InteropServices;

namespace OnlineChat.Gateway.Delivery;

/// <summary>
/// The sends of one fan-out, made together: every recipient whose queue is idle is claimed (see
/// <see cref="OutboundQueue.TryClaim"/>), and on <see cref="Flush"/> all of them reach the kernel in one
/// io_uring submission instead of one send() each. Recipients with frames already waiting queue behind them
/// as usual. Without a ring (not Linux, io_uring disabled, or turned off) each send is made at once.
/// Used by one thread at a time; rented from <see cref="SendBatchPool"/> and returned by <see cref="Dispose"/>.
/// </summary>
public sealed class SendBatch : IDisposable
{
    /// <summary>Marks a send whose result never came back (the ring failed): the kernel may have sent part of it.</summary>
    private const int NoResult = OutboundQueue.SendStateUnknown;

    private readonly SendBatchPool _owner;
    private readonly List<OutboundQueue> _queues = [];
    private readonly List<byte[]> _frames = [];
    private readonly List<GCHandle> _pins = [];
    private IoUring? _ring;
    private SendOp[] _ops;
    private byte[]? _lastPinned;
    private nint _lastAddress;

    internal SendBatch(SendBatchPool owner, IoUring? ring)
    {
        _owner = owner;
        _ring = ring;
        _ops = new SendOp[ring?.Capacity ?? 0];
    }

    /// <summary>
    /// Sends <paramref name="frames"/> to <paramref name="session"/>, now or on the next <see cref="Flush"/>;
    /// false as for <see cref="ChatSession.TrySend"/>. The array must not change until then.
    /// </summary>
    public bool Send(ChatSession session, byte[] frames) => Send(session.Outbound, frames);

    internal bool Send(OutboundQueue queue, byte[] frames)
    {
        if (_ring is null)
        {
            return queue.TrySend(frames);
        }

        switch (queue.TryClaim(frames, out var fd))
        {
            case SendClaim.Refused:
                return false;
            case SendClaim.Queued:
                return true;
        }

        // A fan-out sends the same array to many clients in a row: pin it once, not per recipient.
        if (!ReferenceEquals(frames, _lastPinned))
        {
            var pin = GCHandle.Alloc(frames, GCHandleType.Pinned);
            _pins.Add(pin);
            (_lastPinned, _lastAddress) = (frames, pin.AddrOfPinnedObject());
        }

        _ops[_queues.Count] = new SendOp { Fd = fd, Buffer = _lastAddress, Length = frames.Length, Result = NoResult };
        _queues.Add(queue);
        _frames.Add(frames);
        if (_queues.Count == _ops.Length)
        {
            Flush();
        }

        return true;
    }

    /// <summary>Makes the claimed sends: one system call per <see cref="IoUring.Capacity"/> of them.</summary>
    public void Flush()
    {
        if (_queues.Count == 0)
        {
            return;
        }

        try
        {
            _ring!.SendAll(_ops.AsSpan(0, _queues.Count));
        }
        catch (IOException)
        {
            // Not seen in practice: the ring's state is unknown, so stop using it. A send without a result may
            // have reached the kernel in part: sending it again would garble that client's stream, so its
            // queue ends the connection instead, with the reason (below). Clients with a result carry on.
            _ring!.Dispose();
            _ring = null;
        }
        finally
        {
            foreach (var pin in _pins)
            {
                pin.Free();
            }

            _pins.Clear();
            _lastPinned = null;
        }

        for (var i = 0; i < _queues.Count; i++)
        {
            _queues[i].Release(_frames[i], _ops[i].Result);
        }

        _queues.Clear();
        _frames.Clear();
    }

    /// <summary>Flushes, then goes back to the pool.</summary>
    public void Dispose()
    {
        Flush();
        _owner.Return(this);
    }

    internal void DisposeRing() => _ring?.Dispose();
}
