using System.Text;
using OnlineChat.Backplane;
using OnlineChat.Protocol;

namespace OnlineChat.Gateway.Delivery;

/// <summary>
/// One session's catch-up from the log, for <see cref="RelayListener.AttachAsync"/>: what a resumed login
/// missed, or what an account missed while away. Used once.
/// <para>
/// The gateway's turn (the one <see cref="RelayListener"/> delivers live batches in) keeps order: the session is
/// registered under its name in the turn, right after the last line the catch-up sent. Most catch-ups are one
/// page, read in the turn. A longer one (a resume after a busy while, an account's first login in days) reads
/// its bulk outside it, so that the gateway's other users keep getting their lines meanwhile, and takes the
/// turn again for what came since.
/// </para>
/// <para>
/// Nothing is sent faster than the client reads: in the turn (which must never wait for one client) the client
/// is sent lines only while at most half its queue's limit waits (<see cref="ChatSession.OutboundBurstBytes"/>),
/// and the rest is read outside the turn, where the catch-up waits for the client. Sent at once, a page of long lines cut
/// off a client on a slow link that was reading all along.
/// </para>
/// <para>
/// An account's login gets its guest name's lines live meanwhile, so its catch-up's lines are held and go out
/// in the turn as a block: the live lines that came during the bulk come before the [missed …] ones, not among
/// them. A block is at most a quarter of the queue's limit; a catch-up longer than that goes as several, each
/// once the client's queue is at most half full.
/// </para>
/// </summary>
/// <param name="position">The gateway's position: the last log id live delivery handed on (read in the turn).</param>
/// <param name="pick">The line the session gets for an entry, or null for none; called once per entry.</param>
/// <param name="toEnd">Read to the log's end (a resume), not only to the gateway's position (an account's login).</param>
internal sealed class SessionCatchUp(
    MessageLog log,
    SemaphoreSlim turn,
    Func<LogId> position,
    ChatSession session,
    Func<LoggedEvent, string?> pick,
    bool toEnd)
{
    /// <summary>How long the catch-up waits for its client to read before it sends the rest at once (a client that stopped reading is then cut off).</summary>
    private static readonly TimeSpan RoomWait = TimeSpan.FromSeconds(30);

    // Not for a resume: its session is registered only at the end, so no live line can come between.
    private readonly List<string>? _held = toEnd ? null : [];

    // A held block goes in a turn once the client's queue is at most half full (OutboundBurstBytes), so a
    // quarter of the limit still fits whatever came in between.
    private readonly long _blockBytes = session.OutboundBurstBytes / 2;

    private long _heldBytes;
    private int _sent;
    private int _pages;
    private LogId _after;
    private bool _inTurn;

    // Until the client's queue once stays over half full for RoomWait: then the rest goes at once (and cuts it off past the limit).
    private bool _patient = true;

    /// <summary>Catches the session up from <paramref name="from"/> (null: nothing to catch up), then runs <paramref name="attach"/> in the turn.</summary>
    public async Task<Attached> RunAsync(LogId? from, Action<Attached> attach)
    {
        _after = from ?? LogId.Zero;
        await turn.WaitAsync();
        _inTurn = true;
        try
        {
            var gap = false;
            if (from is not null)
            {
                gap = await log.FirstIdAsync() is { } first && first > _after;
                var more = await ReadPageAsync(UpTo());
                while (more && _pages < RelayListener.MaxPages)
                {
                    // The session is not registered under the name its lines are for yet (a resume's or an
                    // account's), so live delivery passes it by meanwhile: the log has those lines for the
                    // next turn. An account's session gets its guest name's live lines meanwhile, ahead of the held ones.
                    var bulkUpTo = UpTo();
                    turn.Release();
                    _inTurn = false;
                    while (await ReadPageAsync(bulkUpTo))
                    {
                    }

                    // What the turn sends at once must fit too: a full block left from the turn before goes first
                    // (or the turn would stop at once again), and the client's queue must have room.
                    if (_heldBytes >= _blockBytes)
                    {
                        await SendHeldBlockAsync();
                    }

                    await WaitForRoomAsync();
                    await turn.WaitAsync();
                    _inTurn = true;
                    more = await ReadPageAsync(UpTo());
                }

                if (toEnd)
                {
                    session.SkipThrough = _after;
                }
            }

            SendHeld();
            var attached = new Attached(_sent, gap, toEnd ? LogId.Max(position(), _after) : position());
            attach(attached);
            return attached;
        }
        finally
        {
            if (_inTurn)
            {
                turn.Release();
            }
        }
    }

    /// <summary>Where the catch-up reads to: the log's end (null) for a resume, the gateway's position for an account.</summary>
    private LogId? UpTo() => toEnd ? null : position();

    /// <summary>
    /// One page from where the catch-up is, up to <paramref name="upTo"/> (null: the log's end). True when there
    /// is more: a full page, or (in the turn) a client with all it may get at once, the catch-up then being at
    /// the last entry dealt with.
    /// </summary>
    private async Task<bool> ReadPageAsync(LogId? upTo)
    {
        var page = await log.ReadAsync(_after, upTo, RelayListener.Page);
        _pages++;
        foreach (var entry in page)
        {
            // Asked before pick: an account's pick counts what it shows, so an entry is picked once.
            if (FullForNow())
            {
                return true;
            }

            if (pick(entry) is { } line)
            {
                if (_held is null)
                {
                    session.TrySendText(line);
                    if (!_inTurn)
                    {
                        await WaitForRoomAsync();
                    }
                }
                else
                {
                    _held.Add(line);
                    _heldBytes += Encoding.UTF8.GetByteCount(line);
                    if (!_inTurn && _heldBytes >= _blockBytes)
                    {
                        await SendHeldBlockAsync();
                    }
                }

                _sent++;
            }

            _after = entry.Id;
        }

        return page.Count == RelayListener.Page && _pages < RelayListener.MaxPages;
    }

    /// <summary>In the turn, whether the client has all it may get at once: the rest waits for the bulk, outside the turn.</summary>
    private bool FullForNow() => _inTurn && _patient && (_held is null ? !session.HasOutboundRoom : _heldBytes >= _blockBytes);

    private void SendHeld()
    {
        foreach (var line in _held ?? [])
        {
            session.TrySendText(line);
        }

        _held?.Clear();
        _heldBytes = 0;
    }

    /// <summary>Outside the turn: a full block goes once the client has room for it, in a turn of its own.</summary>
    private async Task SendHeldBlockAsync()
    {
        await WaitForRoomAsync();
        await turn.WaitAsync();
        try
        {
            SendHeld();
        }
        finally
        {
            turn.Release();
        }
    }

    /// <summary>
    /// Outside the turn, waits while more than half the client's queue limit waits for it: sent at once, a busy
    /// while's lines would wait in the client's queue past Gateway:OutboundQueueBytes and cut off a client that
    /// is reading, only over a slower link than the gateway's (the kernel takes megabytes on loopback, far less
    /// over a network). Once the queue stays that full for <see cref="RoomWait"/>, the catch-up stops waiting.
    /// </summary>
    private async Task WaitForRoomAsync()
    {
        if (!_patient)
        {
            return;
        }

        try
        {
            await session.OutboundRoomAsync().WaitAsync(RoomWait);
        }
        catch (TimeoutException)
        {
            _patient = false;
        }
    }
}
