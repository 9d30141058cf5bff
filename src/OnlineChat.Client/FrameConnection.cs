using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Authentication;
using OnlineChat.Protocol;

namespace OnlineChat.Client;

/// <summary>A TCP connection that speaks whole frames: one frame in, one string out.</summary>
public sealed class FrameConnection : IAsyncDisposable
{
    /// <summary>
    /// Guards the client against a broken server, above the largest answer a working one sends. Chat lines are
    /// short, but some answers are one frame: a full <c>/history</c> page is 200 messages of up to 8 KiB each
    /// (1.6 MB), <c>/lo</c> with three gateways full (60,000 names of up to 32 characters) about 2 MB. At 1 MiB
    /// a <c>/history 200</c> of a room with long messages dropped the connection.
    /// </summary>
    internal const int MaxIncomingFrameBytes = 16 * 1024 * 1024;

    private readonly TcpClient _tcp;
    private readonly PipeReader _input;
    private readonly Stream _stream;
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    private FrameConnection(TcpClient tcp, Stream stream)
    {
        _tcp = tcp;
        _stream = stream;
        _input = PipeReader.Create(_stream);
    }

    /// <summary>
    /// Connects in plain TCP, or with <paramref name="tls"/> through TLS: the server's certificate must then be
    /// valid for <paramref name="host"/>, or have the SHA-256 <paramref name="fingerprint"/> (hex) when one is
    /// pinned. A certificate that is neither fails with <see cref="AuthenticationException"/>.
    /// </summary>
    public static async Task<FrameConnection> ConnectAsync(string host, int port, CancellationToken cancellationToken, bool tls = false, string? fingerprint = null)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(host, port, cancellationToken);
            if (!tls)
            {
                return new FrameConnection(tcp, tcp.GetStream());
            }

            var ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false,
                (_, certificate, _, errors) => fingerprint is null
                    ? errors == SslPolicyErrors.None
                    : certificate is not null && Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256)) == fingerprint);
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, cancellationToken);
            return new FrameConnection(tcp, ssl);
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
        await _stream.DisposeAsync();
        _tcp.Dispose();
        _sendLock.Dispose();
    }
}
