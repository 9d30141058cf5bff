using OnlineChat.Backplane;
using OnlineChat.Protocol;
using StackExchange.Redis;

namespace OnlineChat.Gateway.Delivery;

/// <summary>
/// Hears what is meant for this gateway and keeps its place in the message log. Everything for its users
/// arrives on the gateway's own channel in log order; this gateway's position is the last log id it has
/// handed on. Three things take turns (one at a time, so nobody gets a line twice or out of order):
/// <list type="bullet">
/// <item>live batches from the channel, handed to <see cref="LocalFanOut"/> (what is at or before the position is skipped);</item>
/// <item>after the subscription dropped (Redis restarted or was unreachable), a catch-up that reads the log
/// from the position, so what was published while nobody listened still arrives, in order;</item>
/// <item>a session that joins with a past (a resumed login, an account's missed messages): it gets what the log
/// has for it up to the position, and is registered before the turn ends, so live delivery goes on exactly after
/// (the bulk of a long past is read between two turns, see <see cref="SessionCatchUp"/>).</item>
/// </list>
/// Control events (a login ended elsewhere, a mute) come unlogged on the channel every gateway hears; after a
/// drop, <see cref="MuteSync"/> reloads the mutes that may have been missed.
/// </summary>
public sealed class RelayListener(
    ChatBus bus,
    MessageLog log,
    ChatKeys keys,
    IConnectionMultiplexer redis,
    GatewayIdentity identity,
    SessionRegistry registry,
    LocalFanOut fanOut,
    MuteTable mutes,
    MuteSync muteSync,
    ILogger<RelayListener> logger) : IHostedService
{
    /// <summary>Log entries read per round trip when catching up.</summary>
    internal const int Page = 1000;

    /// <summary>Bounds every catch-up loop: more pages than the log can hold at its largest setting.</summary>
    internal const int MaxPages = 10_000;

    /// <summary>Marks a probe this gateway publishes on its own channel: heard, it proves the subscription is live again.</summary>
    private static readonly string SyncProbe = $"{LogId.Zero}  {{\"Kind\":\"UserOnline\",\"User\":\"sync\"}}";

    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private LogId _position;
    private volatile bool _behind;
    private int _probing;

    /// <summary>The last log id handed on to this gateway's users (read under the turn; a hint otherwise).</summary>
    public LogId Position => _position;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Where the log ends before we listen: nobody is connected yet, so nothing before it is anybody's here.
        // Redis away at start: now, by this clock, is as good (a later id is always written later).
        try
        {
            _position = await log.LastIdAsync();
        }
        catch (Exception ex) when (BackendFailure.Is(ex))
        {
            GatewayLog.BackendUnavailable(logger, "log position", ex);
            _position = LogId.At(DateTimeOffset.UtcNow);
        }

        // Subscribed before Kestrel accepts anyone, so no login can miss a message addressed to it.
        await bus.SubscribeAsync(keys.AllChannel, relay: false, DeliverControlAsync);
        await bus.SubscribeAsync(keys.GatewayChannel(identity.Id), relay: true, DeliverAsync);
        redis.ConnectionFailed += OnConnectionFailed;
        redis.ConnectionRestored += OnConnectionRestored;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionFailed -= OnConnectionFailed;
        redis.ConnectionRestored -= OnConnectionRestored;
        await _stopping.CancelAsync();
        await bus.UnsubscribeAllAsync();
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e) => _behind = true;

    /// <summary>
    /// StackExchange.Redis subscribes again by itself, but what was published before it has is not sent to
    /// us: probe our own channel until a probe comes back, and catch up from the log when it does. A probe
    /// that has not come back after 2 s means the subscription was not restored (it happens: a resubscribe
    /// can fail while a restarted Redis loads its data), so the channels are subscribed again.
    /// </summary>
    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (Interlocked.Exchange(ref _probing, 1) == 0)
        {
            _ = ProbeUntilCaughtUpAsync();
        }
    }

    private async Task ProbeUntilCaughtUpAsync()
    {
        try
        {
            for (var attempt = 1; attempt <= 600 && _behind && !_stopping.IsCancellationRequested; attempt++)
            {
                try
                {
                    if (attempt % 20 == 0)
                    {
                        GatewayLog.Resubscribing(logger, identity.Id);
                        await bus.ResubscribeAsync(keys.GatewayChannel(identity.Id), relay: true, DeliverAsync);
                        await bus.ResubscribeAsync(keys.AllChannel, relay: false, DeliverControlAsync);
                    }

                    await redis.GetSubscriber().PublishAsync(keys.GatewayChannel(identity.Id), SyncProbe);
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    // Redis is away again: keep probing, it may come back within the attempts.
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), _stopping.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        finally
        {
            Volatile.Write(ref _probing, 0);
        }
    }

    private async Task DeliverAsync(IReadOnlyList<ReceivedEvent> batch)
    {
        await _turn.WaitAsync();
        try
        {
            if (_behind)
            {
                // Anything heard proves the subscription is live: what the log got before it is read from there,
                // before anything newer is handed on (which would move the position past what is missing).
                // Redis may still refuse reads for a moment (loading its data): up to 5 s of retries.
                _behind = false;
                for (var attempt = 1; !await CatchUpGatewayAsync() && attempt < 50; attempt++)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100));
                }

                // Control events are not logged: a mute set while we were cut off is read from the directory instead.
                muteSync.RequestReload();
            }

            List<ReceivedEvent>? fresh = null;
            for (var i = 0; i < batch.Count; i++)
            {
                // Zero: our own probe. At or before the position: delivered already, by a catch-up.
                if (batch[i].Id > _position)
                {
                    (fresh ??= new List<ReceivedEvent>(batch.Count)).Add(batch[i]);
                    _position = batch[i].Id;
                }
            }

            if (fresh is not null)
            {
                fanOut.Deliver(fresh);
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Under the turn: hands on everything the log has after the position, as if it had been heard live. False when Redis failed.</summary>
    private async Task<bool> CatchUpGatewayAsync()
    {
        var caughtUp = 0;
        try
        {
            for (var round = 0; round < MaxPages; round++)
            {
                var page = await log.ReadAsync(_position, upTo: null, Page);
                if (page.Count == 0)
                {
                    break;
                }

                fanOut.Deliver([.. page.Select(e => new ReceivedEvent(e.Event, null, e.Id))]);
                _position = page[^1].Id;
                caughtUp += page.Count;
            }

            GatewayLog.CaughtUp(logger, identity.Id, caughtUp, _position.ToString());
            return true;
        }
        catch (Exception ex) when (BackendFailure.Is(ex))
        {
            // The next attempt picks up from where this one got to.
            GatewayLog.BackendUnavailable(logger, "catch-up", ex);
            return false;
        }
    }

    /// <summary>
    /// Gives <paramref name="session"/> what the log holds for it after <paramref name="from"/> (each entry
    /// <paramref name="pick"/> turns into a line, or null to skip), then runs <paramref name="attach"/> (which
    /// registers the session under its name) with what was done, in the turn: live delivery goes on right
    /// after what was sent. How it shares the turn with live delivery and keeps to the client's pace:
    /// <see cref="SessionCatchUp"/>.
    /// </summary>
    /// <param name="toEnd">
    /// Read to the log's end, for a session new here whose lines went to another gateway until now (a resume):
    /// live delivery then skips what the catch-up sent. Otherwise up to this gateway's position, for a session
    /// that has been getting its lines here all along (an account's login).
    /// </param>
    /// <returns>How many lines were sent, whether the log no longer reaches back to <paramref name="from"/>, and the position the session is at.</returns>
    public Task<Attached> AttachAsync(ChatSession session, LogId? from, Func<LoggedEvent, string?> pick, Action<Attached> attach, bool toEnd = false) =>
        new SessionCatchUp(log, _turn, () => _position, session, pick, toEnd).RunAsync(from, attach);

    private Task DeliverControlAsync(IReadOnlyList<ReceivedEvent> batch)
    {
        foreach (var control in batch)
        {
            switch (control.Event.Kind)
            {
                case ChatEventKind.SessionEnded:
                    EndSession(control.Event);
                    break;
                case ChatEventKind.UserMuted:
                    UpdateMute(control.Event);
                    break;
            }

            control.Span?.SetTag("onlinechat.gateway.id", identity.Id);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// A newer login of an account, or a resume, replaced one here: that session (matched by its token, since
    /// the name may meanwhile belong to the newer login on this very gateway) is told why and closed.
    /// </summary>
    private void EndSession(ChatEvent ending)
    {
        if (registry.TryGet(ending.User, out var session) && session.Token == ending.Token)
        {
            registry.Remove(session);
            session.LeftOnPurpose = true;
            session.TrySendText(ChatText.Render(ending));
            session.Close();
        }
    }

    /// <summary>A moderator muted or unmuted someone: this gateway refuses or accepts their messages from now on, and tells them if they are here.</summary>
    private void UpdateMute(ChatEvent change)
    {
        var until = change.UntilUnixMs > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(change.UntilUnixMs) : (DateTimeOffset?)null;
        mutes.Set(change.User, until);
        if (registry.TryGet(change.User, out var session))
        {
            session.TrySendText(ChatText.Render(change));
        }
    }
}

/// <summary>What <see cref="RelayListener.AttachAsync"/> did: lines sent, whether older ones were trimmed away, and the log position the session is at.</summary>
public readonly record struct Attached(int Sent, bool Gap, LogId Position);
