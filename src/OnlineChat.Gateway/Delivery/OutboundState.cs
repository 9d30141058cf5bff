namespace OnlineChat.Gateway.Delivery;

/// <summary>
/// The rules of one client's outbound queue, without the socket: who may send now, what waits and in which
/// order, how much may wait, and when the client is given up. <see cref="OutboundQueue"/> does the sends
/// and calls this under its lock; nothing here blocks, sends or throws, so every rule has a unit test
/// (OutboundStateTests).
/// <para>
/// One sender at a time owns the socket: nobody (a frame may go straight to the kernel), a claimed batched
/// send, or the loop that sends what waits. What the kernel did not take waits, in order, ahead of anything
/// that arrived after it; what waits counts against the limit until the kernel has it.
/// </para>
/// </summary>
internal sealed class OutboundState(long limitBytes)
{
    private List<ArraySegment<byte>> _waiting = [];
    private List<ArraySegment<byte>> _sending = [];

    /// <summary>Bytes accepted and not yet taken by the kernel.</summary>
    public long QueuedBytes { get; private set; }

    /// <summary>A claimed send or the waiting loop owns the socket: new frames must queue behind it.</summary>
    public bool SenderActive { get; private set; }

    /// <summary>No new frames are accepted (<see cref="Complete"/>, or the client was given up).</summary>
    public bool Completed { get; private set; }

    /// <summary>The client was given up: what waited is dropped.</summary>
    public bool Abandoned { get; private set; }

    /// <summary>At most half of the limit waits, or no more frames are taken: a sender that may wait for the client (a catch-up) goes on.</summary>
    public bool HasRoom => QueuedBytes <= BurstBytes || Completed;

    /// <summary>Half the limit: the most a sender that may wait (a catch-up, a /history answer) hands over at once, so that what the kernel does not take still fits.</summary>
    public long BurstBytes => limitBytes / 2;

    /// <summary>Nothing will be sent any more: completed with nothing in flight, or given up.</summary>
    public bool Drained => Abandoned || (Completed && !SenderActive);

    /// <summary>A frame wants to go out: may the caller send it to the kernel right now?</summary>
    public Offer Offer() => Completed ? Delivery.Offer.Refused : SenderActive ? Delivery.Offer.Queue : Delivery.Offer.SendNow;

    /// <summary>
    /// The caller sent directly (after <see cref="Offer"/> said <see cref="Delivery.Offer.SendNow"/>) and the
    /// kernel left <paramref name="rest"/> (empty: it took everything), or the socket is <paramref name="broken"/>.
    /// </summary>
    public Outcome AfterDirectSend(ArraySegment<byte> rest, bool broken)
    {
        if (broken)
        {
            return GiveUp(Outcome.Broken);
        }

        if (rest.Count == 0)
        {
            return Outcome.Done;
        }

        var queued = Enqueue(rest);
        if (queued != Outcome.Done)
        {
            return queued;
        }

        SenderActive = true;
        return Outcome.StartLoop;
    }

    /// <summary>Queues frames behind what waits (after <see cref="Offer"/> said <see cref="Delivery.Offer.Queue"/>).</summary>
    public Outcome Enqueue(ArraySegment<byte> frames)
    {
        if (QueuedBytes + frames.Count > limitBytes)
        {
            return GiveUp(Outcome.Overflow);
        }

        QueuedBytes += frames.Count;
        _waiting.Add(frames);
        return Outcome.Done;
    }

    /// <summary>A batched send takes the socket (after <see cref="Offer"/> said <see cref="Delivery.Offer.SendNow"/>) until <see cref="AfterClaimedSend"/>.</summary>
    public void Claim() => SenderActive = true;

    /// <summary>
    /// A claimed send's answer: the kernel left <paramref name="rest"/>, the socket is
    /// <paramref name="broken"/>, or nobody knows how much went (<paramref name="unknown"/>: part of a frame
    /// may be in the client's stream, and sending the rest again would corrupt it, so the client is given up).
    /// </summary>
    public Outcome AfterClaimedSend(ArraySegment<byte> rest, bool broken, bool unknown = false)
    {
        if (Abandoned)
        {
            SenderActive = false;
            return Outcome.Done;
        }

        if (broken || unknown)
        {
            SenderActive = false;
            return GiveUp(unknown ? Outcome.Unknown : Outcome.Broken);
        }

        if (rest.Count > 0)
        {
            if (QueuedBytes + rest.Count > limitBytes)
            {
                SenderActive = false;
                return GiveUp(Outcome.Overflow);
            }

            // Ahead of anything that queued while the kernel had it.
            QueuedBytes += rest.Count;
            _waiting.Insert(0, rest);
        }

        if (_waiting.Count > 0)
        {
            return Outcome.StartLoop; // The loop takes the socket over from the claim.
        }

        SenderActive = false;
        return Outcome.Done;
    }

    /// <summary>For the loop: everything that waits, oldest first (later frames queue anew), or null when nothing does and the loop ends.</summary>
    public List<ArraySegment<byte>>? TakeWaiting()
    {
        _sending.Clear(); // What the loop sent last; the frames are the kernel's now.
        if (Abandoned || _waiting.Count == 0)
        {
            SenderActive = false;
            return null;
        }

        (_sending, _waiting) = (_waiting, _sending);
        return _sending;
    }

    /// <summary>The loop's send of <paramref name="bytes"/> completed; false when the client was given up meanwhile and the loop must stop.</summary>
    public bool AfterLoopSend(long bytes)
    {
        if (Abandoned)
        {
            SenderActive = false;
            return false;
        }

        QueuedBytes -= bytes;
        return true;
    }

    /// <summary>The loop's send failed: the client is given up (true the first time, when the caller ends the connection).</summary>
    public bool AfterLoopFailure()
    {
        SenderActive = false;
        return GiveUp(Outcome.Broken) != Outcome.Done;
    }

    /// <summary>Stops accepting frames; what waits is still sent.</summary>
    public void Complete() => Completed = true;

    /// <summary>Drops what waits and refuses more; the failure the first time, when the caller must end the connection.</summary>
    private Outcome GiveUp(Outcome failure)
    {
        if (Abandoned)
        {
            return Outcome.Done;
        }

        Abandoned = Completed = true;
        _waiting.Clear();
        QueuedBytes = 0;
        return failure;
    }
}

/// <summary>What may happen to a frame offered to <see cref="OutboundState"/>.</summary>
internal enum Offer
{
    /// <summary>The queue is completed or gave up: the frame is not sent.</summary>
    Refused,

    /// <summary>Something is being sent: the frame queues behind it (<see cref="OutboundState.Enqueue"/>).</summary>
    Queue,

    /// <summary>Nothing is in the way: the caller may send it to the kernel now.</summary>
    SendNow,
}

/// <summary>What the caller of <see cref="OutboundState"/> does next.</summary>
internal enum Outcome
{
    /// <summary>Nothing more to do.</summary>
    Done,

    /// <summary>Frames wait: start the loop that sends them (it owns the socket from now).</summary>
    StartLoop,

    /// <summary>The client stopped reading and what waits reached the limit: end the connection.</summary>
    Overflow,

    /// <summary>The socket failed: end the connection.</summary>
    Broken,

    /// <summary>A send's outcome is unknown: end the connection rather than risk a broken frame.</summary>
    Unknown,
}
