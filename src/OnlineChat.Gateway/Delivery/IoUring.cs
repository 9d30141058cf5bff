using System.Runtime.InteropServices;

namespace OnlineChat.Gateway.Delivery;

/// <summary>
/// Just enough of Linux's io_uring for one job: many non-blocking socket sends in one system call.
/// <para>
/// Why: a broadcast is one send per recipient, and on this kind of machine (a virtualised guest) entering and
/// leaving the kernel costs as much as the send itself: a C test sending 100 bytes to each of 1000 loopback
/// sockets measured 3.4 µs per send() and 1.6 µs per send submitted here in batches (docs/performance.md).
/// </para>
/// <para>
/// Every send carries MSG_DONTWAIT, so the kernel completes it inside the submitting call (sent, partly sent,
/// or EAGAIN when the socket's buffer is full) and never keeps a pointer to the caller's memory afterwards:
/// <see cref="SendAll"/> returns only when every result is in. One instance is not thread-safe; callers pool them.
/// Raw system calls rather than liburing, so the gateway needs no native package.
/// </para>
/// </summary>
internal sealed unsafe class IoUring : IDisposable
{
    // System call numbers shared by x86-64 and arm64 (the io_uring calls were added after the tables were unified).
    private const long SysSetup = 425;
    private const long SysEnter = 426;
    private const uint EnterGetEvents = 1;
    private const byte OpSend = 26;
    private const uint MsgDontWait = 0x40;
    private const uint MsgNoSignal = 0x4000;
    private const long OffsetSqRing = 0;
    private const long OffsetCqRing = 0x8000000;
    private const long OffsetSqes = 0x10000000;
    private const uint FeatureSingleMmap = 1;
    private const int ProtReadWrite = 3;
    private const int MapSharedPopulate = 0x01 | 0x8000;
    private const int EINTR = 4;
    private const int EAGAIN = 11;
    private const int EBUSY = 16;

    /// <summary>Retries of an interrupted or momentarily refused io_uring_enter before giving up.</summary>
    private const int MaxEnterRetries = 1000;

    private readonly int _fd;
    private readonly uint _entries;
    private readonly nint _sqRing;
    private readonly nuint _sqRingSize;
    private readonly nint _cqRing;
    private readonly nuint _cqRingSize;
    private readonly Sqe* _sqes;
    private readonly nuint _sqesSize;
    private readonly uint* _sqTail;
    private readonly uint _sqMask;
    private readonly uint* _cqHead;
    private readonly uint* _cqTail;
    private readonly uint _cqMask;
    private readonly Cqe* _cqes;
    private bool _disposed;

    private IoUring(int fd, in Params p, nint sqRing, nuint sqRingSize, nint cqRing, nuint cqRingSize, Sqe* sqes, nuint sqesSize)
    {
        _fd = fd;
        _entries = p.SqEntries;
        (_sqRing, _sqRingSize, _cqRing, _cqRingSize) = (sqRing, sqRingSize, cqRing, cqRingSize);
        _sqes = sqes;
        _sqesSize = sqesSize;
        var sq = (byte*)sqRing;
        var cq = (byte*)cqRing;
        _sqTail = (uint*)(sq + p.Sq.Tail);
        _sqMask = *(uint*)(sq + p.Sq.RingMask);
        _cqHead = (uint*)(cq + p.Cq.Head);
        _cqTail = (uint*)(cq + p.Cq.Tail);
        _cqMask = *(uint*)(cq + p.Cq.RingMask);
        _cqes = (Cqe*)(cq + p.Cq.Cqes);

        // The indirection array maps ring slots to SQE slots; the identity mapping lets slot i hold SQE i forever.
        var array = (uint*)(sq + p.Sq.Array);
        for (uint i = 0; i < _entries; i++)
        {
            array[i] = i;
        }
    }

    /// <summary>How many sends one system call can carry; <see cref="SendAll"/> splits longer lists.</summary>
    public int Capacity => (int)_entries;

    /// <summary>A ring with room for <paramref name="entries"/> sends, or null with the reason when this system has none.</summary>
    public static IoUring? TryCreate(uint entries, out string? unavailable)
    {
        unavailable = null;
        if (!OperatingSystem.IsLinux() || !(RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64))
        {
            unavailable = "io_uring needs Linux on x64 or arm64";
            return null;
        }

        try
        {
            var p = default(Params);
            var fd = (int)syscall(SysSetup, entries, (long)&p, 0, 0, 0, 0);
            if (fd < 0)
            {
                // ENOSYS: kernel older than 5.1; EPERM: disabled (kernel.io_uring_disabled) or filtered by seccomp.
                unavailable = $"io_uring_setup failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}";
                return null;
            }

            var sqRingSize = (nuint)(p.Sq.Array + p.SqEntries * sizeof(uint));
            var cqRingSize = (nuint)(p.Cq.Cqes + p.CqEntries * sizeof(Cqe));
            var single = (p.Features & FeatureSingleMmap) != 0;
            if (single)
            {
                sqRingSize = cqRingSize = Math.Max(sqRingSize, cqRingSize);
            }

            var sqRing = Map(fd, sqRingSize, OffsetSqRing);
            var cqRing = single ? sqRing : Map(fd, cqRingSize, OffsetCqRing);
            var sqesSize = (nuint)(p.SqEntries * sizeof(Sqe));
            var sqes = Map(fd, sqesSize, OffsetSqes);
            if (sqRing == -1 || cqRing == -1 || sqes == -1)
            {
                unavailable = "mapping the io_uring rings failed";
                Unmap(sqRing, sqRingSize);
                Unmap(single ? -1 : cqRing, cqRingSize);
                Unmap(sqes, sqesSize);
                close(fd);
                return null;
            }

            return new IoUring(fd, p, sqRing, sqRingSize, cqRing, cqRingSize, (Sqe*)sqes, sqesSize);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            unavailable = ex.Message;
            return null;
        }
    }

    /// <summary>
    /// Sends each operation's bytes on its socket without blocking and stores the kernel's answer in
    /// <see cref="SendOp.Result"/>: bytes taken (possibly fewer than asked), or minus an errno (EAGAIN: buffer full).
    /// The buffers must stay pinned until this returns, and no longer.
    /// </summary>
    public void SendAll(Span<SendOp> ops)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (var start = 0; start < ops.Length; start += Capacity)
        {
            var chunk = Math.Min(Capacity, ops.Length - start);
            try
            {
                SendChunk(ops.Slice(start, chunk));
            }
            catch (IOException)
            {
                // The chunks after this one never reached the kernel: nothing of theirs was sent, so they may
                // be sent again the ordinary way. This chunk's sends without a result stay unknown.
                foreach (ref var op in ops[(start + chunk)..])
                {
                    op.Result = -EAGAIN;
                }

                throw;
            }
        }
    }

    private void SendChunk(Span<SendOp> ops)
    {
        var tail = *_sqTail;
        for (var i = 0; i < ops.Length; i++, tail++)
        {
            var sqe = &_sqes[tail & _sqMask];
            *sqe = default;
            sqe->Opcode = OpSend;
            sqe->Fd = ops[i].Fd;
            sqe->Addr = (ulong)ops[i].Buffer;
            sqe->Len = (uint)ops[i].Length;
            sqe->MsgFlags = MsgDontWait | MsgNoSignal;
            sqe->UserData = (ulong)i;
        }

        // Publishes the filled slots to the kernel (a release store, as liburing does).
        Volatile.Write(ref *_sqTail, tail);

        var submitted = 0;
        var completed = 0;
        var retries = 0;
        while (completed < ops.Length)
        {
            var result = syscall(SysEnter, _fd, ops.Length - submitted, ops.Length - completed, EnterGetEvents, 0, 0);
            if (result < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno is EINTR or EAGAIN or EBUSY && ++retries < MaxEnterRetries)
                {
                    continue;
                }

                throw new IOException($"io_uring_enter failed: {Marshal.GetPInvokeErrorMessage(errno)}");
            }

            submitted += (int)result;
            completed += Reap(ops);
        }
    }

    /// <summary>Copies the results the kernel has posted into <paramref name="ops"/>; returns how many.</summary>
    private int Reap(Span<SendOp> ops)
    {
        var head = *_cqHead;
        var tail = Volatile.Read(ref *_cqTail);
        var count = 0;
        for (; head != tail; head++, count++)
        {
            var cqe = &_cqes[head & _cqMask];
            ops[(int)cqe->UserData].Result = cqe->Res;
        }

        Volatile.Write(ref *_cqHead, head);
        return count;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Unmap((nint)_sqes, _sqesSize);
        Unmap(_cqRing == _sqRing ? -1 : _cqRing, _cqRingSize);
        Unmap(_sqRing, _sqRingSize);
        close(_fd);
    }

    private static nint Map(int fd, nuint size, long offset) => mmap(0, size, ProtReadWrite, MapSharedPopulate, fd, offset);

    private static void Unmap(nint address, nuint size)
    {
        if (address is not (0 or -1))
        {
            munmap(address, size);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6);

    [DllImport("libc", SetLastError = true)]
    private static extern nint mmap(nint address, nuint length, int protection, int flags, int fd, long offset);

    [DllImport("libc", SetLastError = true)]
    private static extern int munmap(nint address, nuint length);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);

    /// <summary>struct io_uring_params.</summary>
    private struct Params
    {
        public uint SqEntries;
        public uint CqEntries;
        public uint Flags;
        public uint SqThreadCpu;
        public uint SqThreadIdle;
        public uint Features;
        public uint WqFd;
        public fixed uint Reserved[3];
        public SqRingOffsets Sq;
        public CqRingOffsets Cq;
    }

    /// <summary>struct io_sqring_offsets.</summary>
    private struct SqRingOffsets
    {
        public uint Head;
        public uint Tail;
        public uint RingMask;
        public uint RingEntries;
        public uint Flags;
        public uint Dropped;
        public uint Array;
        public uint Reserved;
        public ulong UserAddress;
    }

    /// <summary>struct io_cqring_offsets.</summary>
    private struct CqRingOffsets
    {
        public uint Head;
        public uint Tail;
        public uint RingMask;
        public uint RingEntries;
        public uint Overflow;
        public uint Cqes;
        public uint Flags;
        public uint Reserved;
        public ulong UserAddress;
    }

    /// <summary>struct io_uring_sqe, the fields a send uses.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 64)]
    private struct Sqe
    {
        [FieldOffset(0)] public byte Opcode;
        [FieldOffset(4)] public int Fd;
        [FieldOffset(16)] public ulong Addr;
        [FieldOffset(24)] public uint Len;
        [FieldOffset(28)] public uint MsgFlags;
        [FieldOffset(32)] public ulong UserData;
    }

    /// <summary>struct io_uring_cqe.</summary>
    private struct Cqe
    {
        public ulong UserData;
        public int Res;
        public uint Flags;
    }
}

/// <summary>One send for <see cref="IoUring.SendAll"/>: a socket, pinned bytes, and afterwards the kernel's answer.</summary>
internal struct SendOp
{
    public int Fd;
    public nint Buffer;
    public int Length;

    /// <summary>Bytes the kernel took, or minus an errno.</summary>
    public int Result;
}
