using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Options;
using OnlineChat.Backplane;
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
    LogoutQueue logouts,
    GatewayMetrics metrics,
    ConnectionAdmission admission,
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

        using (ticket)
        {
            await RunSessionAsync(connection, ticket.Budget);
        }
    }

    private async Task RunSessionAsync(ConnectionContext connection, AddressBudget? address)
    {
        var session = new ChatSession(connection, _options.OutboundQueueBytes, OnOverflow) { Address = address };
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
        catch (Exception ex) when (ex is ConnectionResetException or ConnectionAbortedException or OperationCanceledException)
        {
            // The client vanished mid-read; the logout below is all that is left to do.
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

        if (requested is null)
        {
            return false;
        }

        requested = requested.Trim();
        if (ChatNames.Validate(requested, ChatNames.Kind.User) is { } reason)
        {
            session.TrySendText(ChatText.Error(reason));
            return false;
        }

        using var span = GatewayTelemetry.StartLogin(requested, identity.Id);
        var token = SessionToken.Create(identity.Id, connection.ConnectionId);
        (string? Name, bool RequestedIsRegistered, string? Refusal) claim;
        try
        {
            // Not cancelled when the client leaves mid-claim: a claim that went through must come back here so
            // the finally block can release it. The HTTP resilience timeout bounds the wait.
            claim = await presence.ClaimAsync(requested, token, CancellationToken.None);
        }
        catch (Exception ex) when (BackendFailure.Is(ex))
        {
            GatewayLog.BackendUnavailable(logger, "claim", ex);
            session.TrySendText(ChatText.Error(ChatText.DirectoryUnavailable));
            return false;
        }

        if (claim.Name is null)
        {
            session.TrySendText(ChatText.Error(claim.Refusal!));
            return false;
        }

        session.User = claim.Name;
        session.Token = token;
        span?.SetTag("onlinechat.user", claim.Name);
        if (_options.MessagesPerSecond > 0)
        {
            session.Bucket = new TokenBucket(_options.MessagesPerSecond, _options.MessageBurst, time.GetTimestamp(), time.TimestampFrequency);
        }

        // The handshake's last two frames go out before the session can receive relayed events, so a notice
        // never lands between the final name and the welcome (the seed client expects them in a row).
        session.TrySendText(claim.Name);
        session.TrySendText(ChatText.Welcome);
        if (claim.RequestedIsRegistered)
        {
            session.TrySendText(ChatText.NameIsRegistered(requested));
        }

        // Presence, which granted the name, has told everybody else that the user is online.
        registry.Add(session);
        GatewayLog.LoggedIn(logger, claim.Name, identity.Id, connection.ConnectionId);
        return true;
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

    private async Task LogoutAsync(ChatSession session)
    {
        registry.Remove(session);
        GatewayLog.LoggedOut(logger, session.User!, identity.Id, session.ConnectionId);
        try
        {
            await presence.ReleaseAsync(session.User!, session.Token!, CancellationToken.None);
        }
        catch (Exception ex) when (BackendFailure.Is(ex))
        {
            // The name must not stay taken: retry from the lease loop until the presence service answers.
            GatewayLog.BackendUnavailable(logger, "release", ex);
            logouts.Enqueue(session.User!, session.Token!);
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
