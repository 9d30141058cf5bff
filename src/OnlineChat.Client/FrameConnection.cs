using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using OnlineChat.Protocol;

namespace OnlineChat.Client;

/// <summary>A TCP connection that speaks whole frames: one frame in, one string out.</summary>
public sealed class FrameConnection : IAsyncDisposable
{
    // The server's frames are short chat lines; this only guards the client against a broken server.
    private const int MaxIncomingFrameBytes = 1024 * 1024;

    private readonly TcpClient _tcp;
    private readonly PipeReader _input;
    private readonly Stream _stream;
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    private FrameConnection(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _input = PipeReader.Create(_stream);
    }

    public static async Task<FrameConnection> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(host, port, cancellationToken);
            return new FrameConnection(tcp);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>The next frame's text, or null when the server closed the connection.</summary>
    public Task<string?> ReceiveAsync(CancellationToken cancellationToken) =>
        _input.ReadFrameTextAsync(MaxIncomingFrameBytes, cancellationToken).AsTask();

    public async Task SendAsync(string text, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        FrameWriter.Write(buffer, System.Text.Encoding.UTF8.GetBytes(text));
        await SendRawAsync(buffer.WrittenMemory, cancellationToken);
    }

    /// <summary>Bytes as they are, framed or not: for tests that play a broken or hostile client.</summary>
    internal async Task SendRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _stream.WriteAsync(bytes, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _input.CompleteAsync();
        _tcp.Dispose();
        _sendLock.Dispose();
    }
}
