using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using OnlineChat.Protocol;

namespace OnlineChat.Bench;

/// <summary>
/// One benchmark client: logs in like any chat client, then counts the benchmark messages it receives and
/// records their latency. Bench messages read <c>bench &lt;sender&gt; &lt;seq&gt; &lt;stopwatch ticks&gt;</c>
/// anywhere in the frame (after the gateway's "name: " or "(group) name: " prefix).
/// </summary>
public sealed class BenchConnection : IAsyncDisposable
{
    private const int MaxFrame = 64 * 1024;
    private static readonly byte[] Marker = "bench "u8.ToArray();

    private readonly NetworkStream _stream;
    private readonly PipeReader _input;
    private readonly LatencyHistogram _latency;
    private TaskCompletionSource? _awaited;
    private byte[]? _awaitedBytes;

    private BenchConnection(Socket socket, LatencyHistogram latency)
    {
        _stream = new NetworkStream(socket, ownsSocket: true);
        _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024));
        _latency = latency;
    }

    public string Name { get; private set; } = "";

    /// <summary>Bench messages received (updated by the receive loop).</summary>
    public long Received;

    /// <summary>Every frame received, bench or not: lets the runner see when login notices have died down.</summary>
    public long Frames;

    public static async Task<BenchConnection> LoginAsync(string host, int port, string name, LatencyHistogram latency, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, ct);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var connection = new BenchConnection(socket, latency);
        try
        {
            var ack = await connection._input.ReadFrameTextAsync(MaxFrame, ct);
            if (ack != ChatText.Ack)
            {
                throw new InvalidOperationException($"Expected ACK, got: {ack}");
            }

            await connection.SendAsync(FrameWriter.Encode(name), ct);
            connection.Name = await connection._input.ReadFrameTextAsync(MaxFrame, ct)
                ?? throw new InvalidOperationException("Closed during the handshake.");
            if (connection.Name.StartsWith("Error:", StringComparison.Ordinal))
            {
                throw new InvalidOperationException(connection.Name.Trim());
            }

            await connection._input.ReadFrameTextAsync(MaxFrame, ct); // Welcome.
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken ct) => _stream.WriteAsync(frame, ct);

    /// <summary>Sends a command and waits for an exact reply (group set-up); bench traffic keeps being counted.</summary>
    public async Task CommandAsync(string command, string expectedReply, CancellationToken ct)
    {
        // The receive loop checks the bytes first, so publish them last.
        var awaited = _awaited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _awaitedBytes, Encoding.UTF8.GetBytes(expectedReply));
        await SendAsync(FrameWriter.Encode(command), ct);
        await awaited.Task.WaitAsync(ct);
    }

    /// <summary>Reads until the server closes or <paramref name="ct"/> fires.</summary>
    public async Task ReceiveLoopAsync(CancellationToken ct)
    {
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync(ct);
                var buffer = result.Buffer;
                while (FrameReader.TryParseFrame(ref buffer, MaxFrame, out var payload))
                {
                    OnFrame(payload);
                }

                _input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
    }

    private void OnFrame(ReadOnlySequence<byte> payload)
    {
        Interlocked.Increment(ref Frames);
        var span = payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray();
        if (Volatile.Read(ref _awaitedBytes) is { } awaited && span.SequenceEqual(awaited))
        {
            _awaitedBytes = null;
            _awaited!.TrySetResult();
            return;
        }

        var at = span.IndexOf(Marker);
        if (at < 0)
        {
            return;
        }

        // bench <sender> <seq> <ticks>: only the ticks matter here; the sender and seq make each message unique.
        var fields = span[(at + Marker.Length)..];
        for (var skip = 0; skip < 2; skip++)
        {
            var space = fields.IndexOf((byte)' ');
            if (space < 0)
            {
                return;
            }

            fields = fields[(space + 1)..];
        }

        if (Utf8Parser.TryParse(fields, out long ticks, out _))
        {
            Interlocked.Increment(ref Received);
            _latency.Record((long)Stopwatch.GetElapsedTime(ticks).TotalMicroseconds);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _input.CompleteAsync();
        await _stream.DisposeAsync();
    }
}
