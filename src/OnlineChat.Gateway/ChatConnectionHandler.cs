using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Options;
using OnlineChat.Backplane;
using OnlineChat.Gateway.Delivery;
using OnlineChat.Protocol;

namespace OnlineChat.Gateway;

/// <summary>
/// One chat client's life on this gateway: handshake (ACK, username, final name, welcome), then frames read
/// and dispatched until the client leaves, and a clean logout in every case.
/// </summary>
public sealed class ChatConnectionHandler(
    IOptions<GatewayOptions> options,
    GatewayIdentity identity,
    SessionRegistry registry,
    PresenceClient presence,
    ChatCommandHandler commands,
    RelayListener relay,
    LogoutQueue logouts,
    GatewayMetrics metrics,
    ConnectionAdmission admission,
    LiveConnections live,
    MuteSync muteSync,
    MuteTable mutes,
    RelayWatch relayWatch,
    GhostLogins ghosts,
    TimeProvider time,
    ILogger<ChatConnectionHandler> logger) : ConnectionHandler
{
    private readonly GatewayOptions _options = options.Value;

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var (ticket, refusal) = admission.TryAdmit((connection.RemoteEndPoint as IPEndPoint)?.Address);
        if (ticket is null)
        {
            // Refused before the handshake: one error frame instead of ACK, then the server closes.
            metrics.ConnectionRefused();
            GatewayLog.ConnectionRefused(logger, connection.RemoteEndPoint?.ToString(), refusal!);
            await connection.Transport.Output.WriteAsync(FrameWriter.Encode(ChatText.Error(refusal!)));
            return;
        }

        if (connection.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
        {
            try
            {
                DeadPeerDetection.Apply(socket, _options.DeadConnectionTimeout);
            }
            catch (SocketException ex)
            {
                // Reset before we got to it: the read below finds that out and ends the connection.
                GatewayLog.SocketOptionsFailed(logger, connection.ConnectionId, ex.Message);
            }
        }

        using (ticket)
        {
            var session = new ChatSession(connection, _options.OutboundQueueBytes, OnOverflow) { Address = ticket.Budget };
            using (live.Track(connection.ConnectionId))
            {
                await RunSessionAsync(session, connection);
            }

            if (session.LoginInDoubt)
            {
                // Now that the connection is no longer live, a name presence granted it is a ghost: ended at the
                // next lease renewal rather than held until this gateway stops.
                ghosts.CheckSoon();
            }
        }
    }

    private async Task RunSessionAsync(ChatSession session, ConnectionContext connection)
    {
        metrics.ConnectionOpened();
        // Kestrel signals this when the host stops, so clients hear why before the socket closes.
        var shutdown = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested ?? CancellationToken.None;
        try
        {
            if (await LoginAsync(session, connection))
            {
                await ReadCommandsAsync(session, connection.Transport.Input, shutdown);
            }
        }
        catch (InvalidDataException ex)
        {
            // Malformed framing: we can no longer tell where the next frame starts, so the connection ends.
            metrics.ProtocolError();
            GatewayLog.ProtocolError(logger, connection.ConnectionId, session.User, ex.Message);
            session.TrySendText(ChatText.Error(ex.Message));
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            session.TrySendText(ChatText.ShuttingDown);
        }
        catch (Exception ex) when (ex is ConnectionResetException or ConnectionAbortedException or OperationCanceledException
            or IOException or SocketException)
        {
            // The client vanished mid-read (reset, or timed out: unanswered keepalive probes, see
            // DeadPeerDetection); the logout below is all that is left to do.
        }
        finally
        {
            if (session.User is not null)
            {
                await LogoutAsync(session);
            }

            session.CompleteOutbound();
            // Let queued frames (an error, a goodbye) reach the client, but never wait on one that stopped reading.
            await session.OutboundDrained.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
            metrics.ConnectionClosed();
        }
    }

    private async Task<bool> LoginAsync(ChatSession session, ConnectionContext connection)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        timeout.CancelAfter(_options.HandshakeTimeout);
        var pushedOut = false;
        string? requested;
        // Until the name arrives this connection holds one of its address's handshake places, from before the
        // ACK, so that an address's handshakes are pushed out in the order they were answered.
        using (session.Address?.BeginHandshake(() => PushOut(timeout, ref pushedOut)))
        {
            session.TrySendText(ChatText.Ack);
            try
            {
                requested = await connection.Transport.Input.ReadFrameTextAsync(_options.MaxFrameBytes, timeout.Token);
            }
            catch (OperationCanceledException) when (!connection.ConnectionClosed.IsCancellationRequested)
            {
                session.TrySendText(ChatText.Error(Volatile.Read(ref pushedOut)
                    ? ChatText.TooManyHandshakes(_options.MaxHandshakesPerAddress)
                    : ChatText.HandshakeTimedOut(_options.HandshakeTimeout)));
                return false;
            }
        }

        return requested is not null && Handshake.Parse(requested) switch
        {
            NewLogin login => await ClaimAsync(session, connection, login.Name, login.Resumable, notice: null),
            ResumeLogin resume => await ResumeAsync(session, connection, resume),
            BadHandshake bad => Refuse(session, bad.Reason),
            _ => false,
        };
    }

    /// <summary>Tells the client why it cannot log in; the connection then closes.</summary>
    private static bool Refuse(ChatSession session, string reason)
    {
        session.TrySendText(ChatText.Error(reason));
        return false;
    }

    /// <summary>A new login: presence grants the name (or name1, …); the session is registered and live from then on.</summary>
    private async Task<bool> ClaimAsync(ChatSession session, ConnectionContext connection, string requested, bool resumable, string? notice)
    {
        if (ChatNames.Validate(requested, ChatNames.Kind.User) is { } reason)
        {
            session.TrySendText(ChatText.Error(reason));
            return false;
        }

        using var span = GatewayTelemetry.StartLogin(requested, identity.Id);
        // Before the name is granted, so that the time between the grant and the session's registration
        // (when a message for it would be missed) stays one local step.
        await muteSync.EnsureLoadedAsync();
        var token = SessionToken.Create(identity.Id, connection.ConnectionId);
        ClaimOutcome claim;
        try
        {
            // Not cancelled when the client leaves mid-claim: a claim that went through must come back here so
            // the finally block can release it. The HTTP resilience timeout bounds the wait.
            claim = await presence.ClaimAsync(requested, token, resumable, CancellationToken.None);
        }
        catch (Exception ex) when (BackendFailure.Is(ex))
        {
            GatewayLog.BackendUnavailable(logger, "claim", ex);
            session.LoginInDoubt = true;
            session.TrySendText(ChatText.Error(ChatText.DirectoryUnavailable));
            return false;
        }

        if (claim.Name is not { } name)
        {
            session.TrySendText(ChatText.Error(claim.Refusal!));
            return false;
        }

        Begin(session, name, token);
        session.WantsLogIds = claim.ResumeSecret is not null;
        session.ResumeSecret = claim.ResumeSecret;
        span?.SetTag("onlinechat.user", name);
        // The handshake's last frames go out before the session can receive relayed events, so a notice
        // never lands between the final name and the welcome (the seed client expects them in a row).
        // A client of the seed's kind gets them apart (GatewayOptions.SeedHandshakePause).
        var pace = resumable ? TimeSpan.Zero : _options.SeedHandshakePause;
        session.TrySendText(name);
        // What came for the user since presence granted the name (a PM from someone who knew it, a broadcast),
        // during the answer's way back and the pauses, is read from the log when the session attaches: until
        // then the session is not registered here, and live delivery has no one to give it to.
        var since = claim.At ?? LogId.Zero; // no position: the log was empty then
        await SendPacedAsync(session, ChatText.Welcome, pace);
        if (claim.RequestedIsRegistered)
        {
            await SendPacedAsync(session, ChatText.NameIsRegistered(requested), pace);
        }

        if (notice is not null)
        {
            session.TrySendText(notice);
        }

        ChatCommandHandler.TellIfMuted(session, name, mutes, time.GetUtcNow());

        // Presence, which granted the name, has told everybody else that the user is online.
        void Attach(Attached attached)
        {
            if (claim.ResumeSecret is { } secret)
            {
                session.TrySendText(ChatText.SessionLine(name, secret, attached.Position));
            }

            Register(session);
        }

        try
        {
            session.HeardSince = since;
            await relay.AttachAsync(session, from: since, entry => entry.Event.IsFor(name, token) ? ChatText.Delivered(entry.Id, entry.Event, session.WantsLogIds) : null, Attach);
        }
        catch (Exception ex) when (BackendFailure.Is(ex))
        {
            // Redis went away since the claim: the user is in all the same, and hears live from now on.
            GatewayLog.BackendUnavailable(logger, "reading the log after a login", ex);
            session.HeardSince = null;
            await relay.AttachAsync(session, from: null, _ => null, Attach);
        }

        GatewayLog.LoggedIn(logger, name, identity.Id, connection.ConnectionId);
        return true;
    }

    /// <summary>
    /// A client back after its connection dropped: presence moves the login here, and the session gets every line
    /// for it since the last one it has, from the log, before anything live. Past the resume window it gets a new
    /// login (its name if still free) and a notice that it may have missed messages.
    /// </summary>
    private async Task<bool> ResumeAsync(ChatSession session, ConnectionContext connection, ResumeLogin resume)
    {
        using var span = GatewayTelemetry.StartLogin(resume.Name, identity.Id);
        await muteSync.EnsureLoadedAsync();
        var token = SessionToken.Create(identity.Id, connection.ConnectionId);
        ResumeResponse? resumed;
        try
        {
            resumed = await presence.ResumeAsync(resume.Name, resume.Secret, token, CancellationToken.None);
        }
        catch (Exception ex) when (BackendFailure.Is(ex))
        {
            GatewayLog.BackendUnavailable(logger, "resume", ex);
            session.LoginInDoubt = true;
            session.TrySendText(ChatText.Error(ChatText.DirectoryUnavailable));
            return false;
        }

        if (resumed is null)
        {
            return await ClaimAsync(session, connection, resume.Name, resumable: true, notice: ChatText.ResumeExpired);
        }

        var name = resumed.Name;
        Begin(session, name, token);
        session.WantsLogIds = true;
        session.ResumeSecret = resume.Secret;
        session.IsAccount = resumed.IsAccount;
        session.Badge = resumed.Badge;
        session.TrySendText(name);
        session.TrySendText(ChatText.WelcomeBack);
        session.HeardSince = resume.LastSeen;
        // Not the notices a /login on the replaced connection left out for itself (its guest name gone offline,
        // the account online): a client that dropped before any later line resumes from before them.
        var attached = await relay.AttachAsync(session, resume.LastSeen,
            entry => entry.Event.IsFor(name, resumed.ReplacedToken) ? ChatText.WithLogId(entry.Id, ChatText.Render(entry.Event)) : null,
            attached =>
            {
                if (attached.Gap)
                {
                    session.TrySendText(ChatText.HistoryGap);
                }

                session.TrySendText(ChatText.Resumed(attached.Sent));
                session.TrySendText(ChatText.SessionLine(name, resume.Secret, attached.Position));
                Register(session);
                ChatCommandHandler.TellIfMuted(session, name, mutes, time.GetUtcNow());
            },
            toEnd: true);
        GatewayLog.Resumed(logger, name, identity.Id, connection.ConnectionId, attached.Sent);
        return true;
    }

    /// <summary>Sends <paramref name="text"/> after <paramref name="pause"/>, so that it does not share a read with the frame before it.</summary>
    private async Task SendPacedAsync(ChatSession session, string text, TimeSpan pause)
    {
        if (pause > TimeSpan.Zero)
        {
            await Task.Delay(pause, time);
        }

        session.TrySendText(text);
    }

    private void Begin(ChatSession session, string name, string token)
    {
        session.User = name;
        session.Token = token;
        if (_options.MessagesPerSecond > 0)
        {
            session.Bucket = new TokenBucket(_options.MessagesPerSecond, _options.MessageBurst, time.GetTimestamp(), time.TimestampFrequency);
        }
    }

    /// <summary>Registers the session; an older connection of the same login here (resumed before this gateway noticed it drop) ends.</summary>
    private void Register(ChatSession session)
    {
        if (registry.TryGet(session.User!, out var older) && older != session)
        {
            registry.Remove(older);
            older.LeftOnPurpose = true;
            older.TrySendText(ChatText.ResumedElsewhere);
            older.Close();
        }

        registry.Add(session);
        // A drain or a Redis drop while this login was on its way told the others then, not this one.
        if (admission.IsDraining)
        {
            session.TrySendText(ChatText.Draining);
            session.Close();
        }
        else if (relayWatch.IsDown)
        {
            session.TrySendText(ChatText.RelayDown);
        }
    }

    /// <summary>Reads and dispatches frames in order until the client leaves or asks to quit.</summary>
    private async Task ReadCommandsAsync(ChatSession session, PipeReader input, CancellationToken shutdown)
    {
        while (true)
        {
            var result = await input.ReadAsync(shutdown);
            var buffer = result.Buffer;
            try
            {
                if (result.IsCanceled)
                {
                    return;
                }

                while (FrameReader.TryParseFrame(ref buffer, _options.MaxFrameBytes, out var payload))
                {
                    if (!await commands.HandleAsync(session, FrameText.Decode(payload)))
                    {
                        return;
                    }
                }

                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        throw new InvalidDataException("Connection closed in the middle of a frame.");
                    }

                    return;
                }
            }
            finally
            {
                // Consumed up to the last whole frame, examined everything: a partial frame waits for more bytes.
                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
    }

    /// <summary>
    /// Ends the login, or, for a client that resumes and did not leave on purpose, asks presence to keep it for
    /// the resume window. Either way presence learns where in the log the session was.
    /// </summary>
    private async Task LogoutAsync(ChatSession session)
    {
        registry.Remove(session);
        GatewayLog.LoggedOut(logger, session.User!, identity.Id, session.ConnectionId);
        var logout = new PendingLogout(session.User!, session.Token!, Suspend: session.WantsLogIds && !session.LeftOnPurpose, relay.Position);
        try
        {
            await presence.EndLoginAsync(logout, CancellationToken.None);
        }
        catch (Exception ex) when (BackendFailure.Is(ex))
        {
            // The name must not stay taken (nor a resumable login be lost): retry from the lease loop until
            // the presence service answers.
            GatewayLog.BackendUnavailable(logger, "release", ex);
            logouts.Enqueue(logout);
        }
    }

    /// <summary>Ends a handshake that its address's newer ones pushed out (see AddressBudget).</summary>
    private static void PushOut(CancellationTokenSource handshake, ref bool pushedOut)
    {
        Volatile.Write(ref pushedOut, true);
        try
        {
            handshake.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The handshake finished meanwhile: nothing to push out.
        }
    }

    private void OnOverflow(ChatSession session)
    {
        metrics.SlowClientDisconnected();
        GatewayLog.SlowClient(logger, session.ConnectionId, session.User, _options.OutboundQueueBytes);
    }
}
