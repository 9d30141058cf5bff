using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Threading.Channels;
using OnlineChat.Protocol;

namespace OnlineChat.Client;

/// <summary>
/// The client's life: logs in on a gateway as a client that resumes (docs/protocol.md, "Resuming"), shows
/// what arrives, and sends what the user types. When the connection drops, or its gateway drains or stops,
/// it says so, connects to the next gateway with backoff, resumes the login (same name and groups) and
/// shows what it missed; the line being typed stays, and lines entered meanwhile go out once it is back.
/// Every line is numbered and kept until the server acknowledges it, so a line the dead gateway never
/// read is sent again on the next one, and never twice (<see cref="UnacknowledgedLines"/>).
/// </summary>
public sealed class ChatClient(ClientArguments arguments, IChatUi ui)
{
    /// <summary>How long it keeps trying when no gateway answers: the server's resume window.</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);

    // Lines the user entered, sent in order on whichever connection is up. Bounded: a user typing into a
    // long outage is told once the queue is full rather than growing it forever.
    private readonly Channel<string> _outbox = Channel.CreateBounded<string>(100);
    private readonly UnacknowledgedLines _unacknowledged = new();
    private string? _name;
    private string? _secret;
    private LogId _lastSeen = LogId.Zero;
    private bool _quitting;

    /// <summary>The server's words when it ended the login on purpose (see ChatText.EndsTheLogin): no reconnecting.</summary>
    public string? EndedBy { get; private set; }

    // The user quit, or the server ended the login: a connection that closes now is the end, not a loss.
    private bool Leaving => _quitting || EndedBy is not null;

    // Between a resume's handshake and its "/resumed": the lines arriving are ones the client missed.
    private bool _catchingUp;

    /// <summary>Runs until the user leaves (0), the first login is refused (65) or no gateway answers for <see cref="GiveUpAfter"/> (69).</summary>
    public async Task<int> RunAsync(CancellationToken stop)
    {
        var input = ReadInputAsync(stop);
        var next = 0;
        var backoff = FirstBackoff;
        var lastContact = DateTimeOffset.UtcNow;
        for (var attempt = 0; !stop.IsCancellationRequested && !_quitting; attempt++)
        {
            var gateway = arguments.Gateways[next];
            next = (next + 1) % arguments.Gateways.Count;
            var outcome = await SessionAsync(gateway, stop);
            switch (outcome)
            {
                case Outcome.Left:
                    return 0;
                case Outcome.Refused:
                    return 65;
                case Outcome.Dropped:
                    // It was connected: start the round of gateways afresh, quickly.
                    lastContact = DateTimeOffset.UtcNow;
                    backoff = FirstBackoff;
                    break;
                case Outcome.Unreachable when DateTimeOffset.UtcNow - lastContact > GiveUpAfter:
                    ui.ShowClient($"No gateway answered for {GiveUpAfter.TotalMinutes:0} minutes; giving up.");
                    return 69;
            }

            try
            {
                await Task.Delay(backoff, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }

        await input.WaitAsync(TimeSpan.FromSeconds(1)).ContinueWith(_ => { }, TaskScheduler.Default);
        return 0;
    }

    private enum Outcome
    {
        /// <summary>The user left (/quit, end of input, Ctrl+C).</summary>
        Left,

        /// <summary>The first login was refused (bad or reserved name): trying elsewhere would not help.</summary>
        Refused,

        /// <summary>Connected, then the connection ended: reconnect.</summary>
        Dropped,

        /// <summary>This gateway did not take us (down, full, draining): try the next.</summary>
        Unreachable,
    }

    private async Task<Outcome> SessionAsync(GatewayAddress gateway, CancellationToken stop)
    {
        FrameConnection connection;
        try
        {
            connection = await FrameConnection.ConnectAsync(gateway.Host, gateway.Port, stop, arguments.Tls, arguments.Fingerprint);
        }
        catch (Exception ex) when (ex is SocketException or IOException or AuthenticationException)
        {
            ui.ShowClient(ex is AuthenticationException
                ? $"The TLS connection to {gateway} was refused: {ex.Message} Check --fingerprint against the one the server printed."
                : $"Could not connect to {gateway}: {ex.Message}");
            return Outcome.Unreachable;
        }
        catch (OperationCanceledException)
        {
            return Outcome.Left;
        }

        await using (connection)
        {
            try
            {
                return await LogInAsync(connection, gateway, stop) ?? await ChatAsync(connection, gateway, stop);
            }
            catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or ObjectDisposedException)
            {
                // The server may reset the connection rather than close it after its last words.
                if (Leaving)
                {
                    return Outcome.Left;
                }

                ui.ConnectionLost();
                ui.ShowClient($"Connection to {gateway} was lost: {ex.Message}");
                return _name is null ? Outcome.Unreachable : Outcome.Dropped;
            }
            catch (OperationCanceledException)
            {
                await LeaveAsync(connection);
                return Outcome.Left;
            }
        }
    }

    /// <summary>The handshake: a new login the first time, a resume after that. Null when logged in; else what to do next.</summary>
    private async Task<Outcome?> LogInAsync(FrameConnection connection, GatewayAddress gateway, CancellationToken stop)
    {
        var greeting = await connection.ReceiveAsync(stop);
        if (greeting != ChatText.Ack)
        {
            // The gateway refused us before the handshake (full, draining, too many from this address): it says why.
            ui.ShowClient($"{gateway} did not take the connection: {(greeting ?? "it closed the connection.").TrimEnd()}");
            return Outcome.Unreachable;
        }

        var resuming = _name is not null && _secret is not null;
        await connection.SendAsync(resuming ? $"{Handshake.Command} resume {_name} {_secret} {_lastSeen}" : $"{Handshake.Command} new {arguments.Username}", stop);
        var name = await connection.ReceiveAsync(stop);
        if (name is null || name.StartsWith("Error:", StringComparison.Ordinal))
        {
            ui.ShowReply(name ?? $"{gateway} closed the connection during login.");
            return _name is null && name is not null && !name.Contains("Try again", StringComparison.Ordinal) ? Outcome.Refused : Outcome.Unreachable;
        }

        ui.ShowClient(_name is null ? "Connection to server established."
            : resuming && name == _name ? $"Reconnected to {gateway}." : $"Reconnected to {gateway} as {name}.");
        _name = name;
        _catchingUp = resuming;
        ui.LoggedIn(name, gateway);
        return null;
    }

    /// <summary>Shows what arrives and sends what the user entered, until the connection ends or the user leaves.</summary>
    private async Task<Outcome> ChatAsync(FrameConnection connection, GatewayAddress gateway, CancellationToken stop)
    {
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var sending = SendOutboxAsync(connection, ended.Token);
        try
        {
            while (await connection.ReceiveAsync(CancellationToken.None).WaitAsync(stop) is { } frame)
            {
                Show(ServerFrame.Parse(frame), gateway);
            }
        }
        finally
        {
            await ended.CancelAsync();
            await sending.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        if (Leaving)
        {
            return Outcome.Left;
        }

        ui.ConnectionLost();
        ui.ShowClient($"Connection to {gateway} was closed. Reconnecting…");
        return Outcome.Dropped;
    }

    private void Show(ServerFrame frame, GatewayAddress gateway)
    {
        switch (frame)
        {
            case LoggedLine line:
                _lastSeen = LogId.Max(_lastSeen, line.Id);
                ui.ShowLogged(line.Text, _catchingUp);
                break;
            case SessionDetails details:
                // The last frame of a login: a resume's catch-up (before "/resumed") is over, and a resume
                // the server could not make (a new login instead) never had one.
                _catchingUp = false;
                if (details.Name != _name)
                {
                    // A /login to an account: the prompt and the status line take its name.
                    ui.LoggedIn(details.Name, gateway);
                }

                _name = details.Name;
                _secret = details.Secret;
                _lastSeen = LogId.Max(_lastSeen, details.Position);
                break;
            case AckLine ack:
                if (_unacknowledged.Acknowledge(ack.Number, Stopwatch.GetTimestamp()) is { } lag)
                {
                    ui.MeasuredLag(lag);
                }

                break;
            case ResumedMarker resumed:
                _catchingUp = false;
                ui.Resumed(resumed.Count);
                break;
            case PlainLine plain:
                ui.ShowReply(plain.Text);
                if (ChatText.EndsTheLogin(plain.Text))
                {
                    EndedBy = plain.Text.TrimEnd('\n');
                }

                break;
        }
    }

    private async Task SendOutboxAsync(FrameConnection connection, CancellationToken cancellationToken)
    {
        // First what the last connection took but the server never acknowledged.
        foreach (var frame in _unacknowledged.Frames(Stopwatch.GetTimestamp()))
        {
            await connection.SendAsync(frame, cancellationToken);
        }

        // Under the gateway's per-connection limit: a paste of many lines goes out at the rate the server
        // allows instead of having the lines past its burst refused.
        var pace = new TokenBucket(ChatLimits.ClientMessagesPerSecond, ChatLimits.ClientMessageBurst, Stopwatch.GetTimestamp(), Stopwatch.Frequency);
        while (await _outbox.Reader.WaitToReadAsync(cancellationToken))
        {
            while (pace.TicksUntilNext(Stopwatch.GetTimestamp()) is var wait and > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), cancellationToken);
            }

            if (_outbox.Reader.TryRead(out var line))
            {
                pace.TryTake(Stopwatch.GetTimestamp()); // there is one: waited for above

                if (line.Trim().Equals("/quit", StringComparison.OrdinalIgnoreCase))
                {
                    await connection.SendAsync(line, cancellationToken);
                    return;
                }

                // Kept until acknowledged: if this connection fails, the next one sends it again.
                await connection.SendAsync(_unacknowledged.Add(line, Stopwatch.GetTimestamp()), cancellationToken);
            }
        }
    }

    /// <summary>Reads the user's lines into the outbox; /quit or end of input ends the client.</summary>
    private async Task ReadInputAsync(CancellationToken stop)
    {
        await Task.Yield();
        while (!stop.IsCancellationRequested)
        {
            string? line;
            try
            {
                line = await ui.ReadLineAsync(stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (line is null || line.Trim().Equals("/quit", StringComparison.OrdinalIgnoreCase))
            {
                _quitting = true;
                _outbox.Writer.TryWrite("/quit");
                _outbox.Writer.TryComplete();
                return;
            }

            if (Encoding.UTF8.GetByteCount(line) is var bytes and > ChatLimits.MaxLineBytes)
            {
                // The gateway would end the connection over a frame this size: refuse it here, with the limit.
                ui.ShowClient($"Not sent: that line is {bytes:N0} bytes, and a message may be at most {ChatLimits.MaxLineBytes:N0}. Split it into shorter lines.");
                continue;
            }

            if (!_outbox.Writer.TryWrite(line))
            {
                ui.ShowClient("Not connected, and 100 lines are waiting to be sent already: this one was not kept.");
            }
        }
    }

    /// <summary>Ctrl+C: say goodbye so the server ends the login rather than keeping it for a resume.</summary>
    private async Task LeaveAsync(FrameConnection connection)
    {
        _quitting = true;
        try
        {
            await connection.SendAsync("/quit", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception ex) when (ex is IOException or SocketException or TimeoutException or ObjectDisposedException)
        {
            // Gone already: the server ends the login when its resume window passes.
        }
    }
}
