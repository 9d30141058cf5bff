using System.Diagnostics;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using OnlineChat.Client;
using OnlineChat.Protocol;

namespace OnlineChat.Bench.Drill;

/// <summary>
/// One resuming client of the drill: logs in with <c>/session new</c>, records every numbered message that
/// arrives, and when its connection drops resumes on the next gateway (backoff 0.1 s doubling to 1 s) with
/// the last log id it has, as the console client does: its sends are numbered, kept until acknowledged and
/// sent again after a resume. Its sends wait while it is reconnecting.
/// </summary>
public sealed partial class DrillClient(int index, string name, IReadOnlyList<GatewayAddress> gateways, DrillLedger ledger)
{
    private readonly UnacknowledgedLines _unacknowledged = new();
    private FrameConnection? _connection;
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _secret;
    private LogId _lastSeen = LogId.Zero;
    private int _gateway;
    private volatile bool _stopping;

    public int Index => index;

    public string Name => name;

    /// <summary>The gateway it logged in on.</summary>
    public GatewayAddress FirstGateway => gateways[0];

    /// <summary>The gateway it is on now.</summary>
    public GatewayAddress Gateway => gateways[_gateway % gateways.Count];

    /// <summary>When its connection last dropped and when it was back (resumed); null when it never dropped.</summary>
    public (long DroppedAt, long BackAt)? LastOutage { get; private set; }

    public async Task LogInAsync(CancellationToken cancellationToken)
    {
        _connection = await FrameConnection.ConnectAsync(Gateway.Host, Gateway.Port, cancellationToken);
        if (await _connection.ReceiveAsync(cancellationToken) != ChatText.Ack)
        {
            throw new IOException($"{name}: no ACK from {Gateway}.");
        }

        await _connection.SendAsync($"{Handshake.Command} new {name}", cancellationToken);
        var granted = await _connection.ReceiveAsync(cancellationToken);
        if (granted != name)
        {
            throw new IOException($"{name}: got '{granted}' instead of the name (is a previous drill's client still around?).");
        }

        await ReadUntilSessionLineAsync(_connection, cancellationToken);
        _connected.TrySetResult();
        _ = ReceiveAsync(_connection);
    }

    /// <summary>Sends a line, numbered; waits while the client is reconnecting. A line lost with the connection goes out again after the resume.</summary>
    public async Task SendAsync(string line, CancellationToken cancellationToken)
    {
        await _connected.Task.WaitAsync(cancellationToken);
        var frame = _unacknowledged.Add(line);
        try
        {
            await _connection!.SendAsync(frame, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // The receive loop notices the drop, reconnects and sends it again.
        }
    }

    public async Task StopAsync()
    {
        _stopping = true;
        if (_connection is { } connection)
        {
            try
            {
                await connection.SendAsync("/quit", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2));
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or TimeoutException)
            {
            }

            await connection.DisposeAsync();
        }
    }

    private async Task ReceiveAsync(FrameConnection connection)
    {
        try
        {
            while (await connection.ReceiveAsync(CancellationToken.None) is { } frame)
            {
                Note(frame);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or ObjectDisposedException)
        {
        }

        if (!_stopping)
        {
            await ReconnectAsync();
        }
    }

    private void Note(string frame)
    {
        switch (ServerFrame.Parse(frame))
        {
            case LoggedLine line:
                _lastSeen = LogId.Max(_lastSeen, line.Id);
                if (Numbered().Match(line.Text) is { Success: true } match)
                {
                    ledger.Arrived(index, match.Groups[1].Value);
                }

                break;
            case AckLine ack:
                _unacknowledged.Acknowledge(ack.Number);
                break;
            case SessionDetails details:
                _secret = details.Secret;
                _lastSeen = LogId.Max(_lastSeen, details.Position);
                break;
            case PlainLine plain when plain.Text.StartsWith("Error:", StringComparison.Ordinal) || plain.Text.Contains("could not be found", StringComparison.Ordinal):
                ledger.Refused(index);
                break;
        }
    }

    private async Task ReconnectAsync()
    {
        _connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var droppedAt = Stopwatch.GetTimestamp();
        var backoff = TimeSpan.FromMilliseconds(100);
        for (var attempt = 0; attempt < 600 && !_stopping; attempt++)
        {
            _gateway++;
            FrameConnection? connection = null;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                connection = await FrameConnection.ConnectAsync(Gateway.Host, Gateway.Port, timeout.Token);
                if (await connection.ReceiveAsync(timeout.Token) == ChatText.Ack)
                {
                    await connection.SendAsync($"{Handshake.Command} resume {name} {_secret} {_lastSeen}", timeout.Token);
                    if (await connection.ReceiveAsync(timeout.Token) == name && await ReadUntilSessionLineAsync(connection, timeout.Token))
                    {
                        foreach (var unacknowledged in _unacknowledged.Frames())
                        {
                            await connection.SendAsync(unacknowledged, timeout.Token);
                        }

                        _connection = connection;
                        LastOutage = (droppedAt, Stopwatch.GetTimestamp());
                        _connected.TrySetResult();
                        _ = ReceiveAsync(connection);
                        return;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or OperationCanceledException)
            {
            }

            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            await Task.Delay(backoff);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
        }
    }

    /// <summary>Reads (noting what arrives) up to the session line that ends a login or a resume; false when the server closed first.</summary>
    private async Task<bool> ReadUntilSessionLineAsync(FrameConnection connection, CancellationToken cancellationToken)
    {
        for (var frames = 0; frames < 1_000_000; frames++)
        {
            if (await connection.ReceiveAsync(cancellationToken) is not { } frame)
            {
                return false;
            }

            Note(frame);
            if (ServerFrame.Parse(frame) is SessionDetails)
            {
                return true;
            }
        }

        return false;
    }

    // "drill3_x: m3-12", "(PM) drill3_x: m3-13", "(g0) drill3_x: m3-14".
    [GeneratedRegex(@" (m\d+-\d+)\n$")]
    private static partial Regex Numbered();
}
